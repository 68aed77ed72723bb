"""The board's quality and improvement report, for any month as it stood: the True North (each
priority with its measures' icons and its work), the programme-health indicators with their
month's figure and reading, and what was learned in the month (closed cycles, failures too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kaizen.accounts.models import Organisation
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.reading import reading
from kaizen.measures.summary import summary_rows
from kaizen.programme.indicators import month_of
from kaizen.programme.learning import closed_cycles
from kaizen.programme.services import indicator_months
from kaizen.programme.umbrella import umbrella


def report_months(today: dt.date) -> list[dt.date]:
    """The months the selector offers, newest first."""
    return indicator_months(today, count=24)[::-1]


def chosen_month(text: str, today: dt.date) -> dt.date:
    """The month asked for ("2024-05"), or the last complete month: a board reads a month
    that has ended."""
    offered = report_months(today)
    try:
        asked = month_of(dt.date.fromisoformat(f"{text}-01"))
    except ValueError:
        return offered[1]
    return asked if asked in offered else offered[1]


def report(organisation: Organisation, month: dt.date) -> dict[str, Any]:
    measures = (
        Measure.objects.for_organisation(organisation)
        .exclude(computed="")
        .filter(unit=None)
        .for_summary()
    )
    rows = summary_rows(measures)
    figures = dict(
        DataPoint.objects.filter(
            measure__in=[row.measure for row in rows], period=month
        ).values_list("measure_id", "value")
    )
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    learned = closed_cycles(organisation, {}).filter(closed_on__gte=month, closed_on__lt=next_month)
    return {
        "month": month,
        "branches": umbrella(organisation),
        "indicators": [
            {
                "row": row,
                "figure": _shown(row.measure, figures.get(row.measure.pk)),
                "reading": reading(row.measure, row.measure.spc_result()),
            }
            for row in rows
        ],
        "learned": list(learned[:100]),
    }


def _shown(measure: Measure, value: float | None) -> str:
    # Stored as the proportion; shown as the chart shows it (a percentage).
    return measure.display(None if value is None else value * measure.multiplier)

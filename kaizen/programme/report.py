"""The board's quality and improvement report, for any month as it stood: the True North (each
priority with its measures' icons and its work), the programme-health indicators with their
month's figure and reading, and what was learned in the month (closed cycles, failures too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kaizen.accounts.models import Organisation
from kaizen.measures.models import Measure
from kaizen.measures.reading import reading
from kaizen.programme.as_it_stood import as_it_stood
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
    """The report's figures for ``month``: every icon, reading and chart as it stood then."""
    indicators = list(
        Measure.objects.for_organisation(organisation)
        .exclude(computed="")
        .filter(unit=None)
        .order_by("name")
    )
    branches = umbrella(organisation)
    shown = {row.measure.pk: row.measure for branch in branches for row in branch.measures}
    stood = as_it_stood([*indicators, *shown.values()], month)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    learned = closed_cycles(organisation, {}).filter(closed_on__gte=month, closed_on__lt=next_month)
    return {
        "month": month,
        "branches": branches,
        "stood": stood,
        "indicators": [
            {
                "row": stood[measure.pk],
                "figure": measure.display(stood[measure.pk].latest_value_in(month)),
                "reading": reading(measure, stood[measure.pk].result),
            }
            for measure in indicators
        ],
        "learned": list(learned[:100]),
    }

"""The board's integrated quality report (one row per measure, read from the stored snapshots)
and the CSV export of one measure's data and SPC results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower
from markupsafe import Markup

from kaizen.measures.advice import stored_advice
from kaizen.measures.icons import ASSURANCE_ORDER, VARIATION_ORDER
from kaizen.measures.models import Measure, MeasureQuerySet, period_from_json
from kaizen_spc.types import SeriesResult

KIND_ORDER = [kind.value for kind in Measure.Kind]


@dataclass(frozen=True)
class SummaryRow:
    measure: Measure
    summary: dict[str, Any]
    latest_period: dt.date | int | None
    latest_value: float | None
    sparkline: Markup
    # The chart advisor's suggestions its owner has not dismissed, stored with the headline.
    advice: list[dict[str, Any]]

    @classmethod
    def of(cls, measure: Measure) -> SummaryRow:
        headline = measure.current_headline()
        return cls(
            measure=measure,
            summary=headline["summary"],
            latest_period=period_from_json(headline["latest_period"]),
            latest_value=headline["latest_value"],
            # kaizen_spc escapes every text it puts into the SVG.
            sparkline=Markup(headline["sparkline"]),
            advice=stored_advice(measure, headline),
        )

    @property
    def details(self) -> str:
        """The unit (when not a plain %) and the team, shown under the measure's name."""
        measure = self.measure
        unit = measure.unit_label if measure.unit_label.strip() != "%" else ""
        return " · ".join(
            part for part in (unit, measure.unit.name if measure.unit else "") if part
        )

    @property
    def variation_icon(self) -> str:
        # A measure without data has no variation to show, not "common cause".
        if not self.summary.get("n"):
            return ""
        return str(self.summary.get("variation_icon") or "")

    @property
    def assurance_icon(self) -> str:
        return str(self.summary.get("assurance_icon") or "")


SORT_KEYS = {
    "name": lambda row: (row.measure.name.lower(),),
    "variation": lambda row: (
        _rank(VARIATION_ORDER, row.variation_icon),
        row.measure.name.lower(),
    ),
    "assurance": lambda row: (
        _rank(ASSURANCE_ORDER, row.assurance_icon),
        row.measure.name.lower(),
    ),
    "kind": lambda row: (_rank(KIND_ORDER, row.measure.kind), row.measure.name.lower()),
}


def _rank(order: list[str], code: str) -> int:
    return order.index(code) if code in order else len(order)


def summary_rows(measures: Iterable[Measure], *, sort: str = "name") -> list[SummaryRow]:
    rows = [SummaryRow.of(measure) for measure in measures]
    return sorted(rows, key=SORT_KEYS.get(sort, SORT_KEYS["name"]))


# Rows per page of the measure list and the board summary: a screenful or two, and well under
# the page weight a phone on a hospital's guest Wi-Fi can take.
PAGE_SIZE = 50


@dataclass(frozen=True)
class SummaryPage:
    rows: list[SummaryRow]
    number: int
    pages: int
    total: int
    variation_counts: dict[str, int]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def _ranked(field: str, order: list[str]) -> Case:
    return Case(
        *(When(**{field: code}, then=Value(rank)) for rank, code in enumerate(order)),
        default=Value(len(order)),
    )


_ORDERINGS: dict[str, tuple[Case, ...]] = {
    "name": (),
    "variation": (_ranked("variation_icon", VARIATION_ORDER),),
    "assurance": (_ranked("assurance_icon", ASSURANCE_ORDER),),
    "kind": (_ranked("kind", KIND_ORDER),),
}


def summary_page(measures: MeasureQuerySet, *, sort: str, number: str | None) -> SummaryPage:
    """One page of summary rows, sorted over every measure of the filter, with the variation
    icons counted over them all."""
    counts = measures.order_by().values("variation_icon").annotate(measures=Count("pk"))
    variation_counts = {row["variation_icon"]: row["measures"] for row in counts}
    total = sum(variation_counts.values())
    pages = max(1, -(-total // PAGE_SIZE))
    asked = int(number) if number and number.isdigit() else 1
    page = min(max(asked, 1), pages)
    ordering: tuple[str | Combinable, ...] = (*_ORDERINGS.get(sort, ()), Lower("name"), "pk")
    # The ids first: sorting whole rows would drag every measure's headline through the sort.
    ids = list(
        measures.order_by(*ordering).values_list("pk", flat=True)[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE
        ]
    )
    chosen = Measure.objects.filter(pk__in=ids).for_summary().in_bulk()
    return SummaryPage(
        rows=[SummaryRow.of(chosen[pk]) for pk in ids],
        number=page,
        pages=pages,
        total=total,
        variation_counts=variation_counts,
    )


EXPORT_HEADER = [
    "period",
    "value",
    "numerator",
    "denominator",
    "note",
    "plotted_value",
    "segment",
    "baseline",
    "included",
    "centre",
    "lower_limit",
    "upper_limit",
    "lower_2_sigma",
    "upper_2_sigma",
    "special_cause",
    "point_type",
    "reason",
    "annotations",
]


def export_rows(measure: Measure, result: SeriesResult) -> list[list[Any]]:
    """The data as entered beside kaizen_spc's reading of each point, one row per period."""
    points = {point.period: point for point in result.points}
    notes: dict[dt.date, list[str]] = {}
    for annotation in measure.annotations.all():
        notes.setdefault(annotation.period, []).append(annotation.text)
    rows: list[list[Any]] = [EXPORT_HEADER]
    for datapoint in measure.datapoints.all():
        point = points.get(datapoint.period)
        entered = [datapoint.value, datapoint.numerator, datapoint.denominator, datapoint.note]
        spc_columns = (
            [
                point.value,
                point.segment,
                point.baseline,
                point.included,
                point.centre,
                point.lower,
                point.upper,
                point.lower_2s,
                point.upper_2s,
                point.special_cause,
                point.point_type,
                point.reason,
            ]
            if point
            else [None] * 12
        )
        row = [datapoint.period.isoformat(), *entered, *spc_columns]
        rows.append([*(_cell(value) for value in row), "; ".join(notes.get(datapoint.period, []))])
    return rows


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value

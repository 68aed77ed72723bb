"""Engagement with everyday improvement, month by month: ideas raised per 100 staff, the share of
staff who raised or supported one, median days to a first answer and the share implemented.
kaizen_spc draws each as an SPC or run chart; this module only counts.

The counting groups by the month number each idea carries (Idea.stamp), in SQL: 50,000 ideas cost
three queries over plain integers, never a timestamp conversion per row, each read from an index
that holds every column it needs (Idea.Meta.indexes). The same counts feed the
overview page (for the organisation or one area) and the programme-health indicators (per unit,
kaizen.ideas.indicators).
"""

from __future__ import annotations

import base64
import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit
from kaizen.ideas.models import Idea, IdeaStatus, month_key
from kaizen_spc import spc
from kaizen_spc.svg import describe, render_svg

MONTHS = 24


@dataclass
class MonthFacts:
    """What one month's ideas (of an area, or the organisation) add up to."""

    raised: int = 0
    implemented: int = 0
    # Who raised or supported one of the month's ideas.
    people: set[int] = field(default_factory=set)
    # Whole days to a first answer: {days: how many ideas}.
    waits: Counter[int] = field(default_factory=Counter)

    def median_wait(self) -> float | None:
        if not self.waits:
            return None
        days = sorted(self.waits.elements())
        return float(statistics.median(days))


# Unit id (None: everything counted) -> month key -> its facts.
Facts = dict[int | None, dict[int, MonthFacts]]


def monthly_facts(
    organisation: Organisation,
    since: int,
    *,
    units: Collection[int] | None = None,
    by_unit: bool = False,
) -> Facts:
    """The facts of the ideas raised from month key ``since`` on (in ``units`` only, when
    given), under None and, with ``by_unit``, under the unit each was raised in too."""
    # Lookups, not a subquery, so that supporters join their ideas on the same conditions.
    where: dict[str, object] = {"organisation": organisation, "raised_month__gte": since}
    if units is not None:
        where["unit__in"] = units
    # No ordering: the model's default (by time raised) would spoil every GROUP BY and DISTINCT.
    window = Idea.objects.filter(**where).order_by()
    unit = ["unit_id"] if by_unit else []
    facts: Facts = defaultdict(lambda: defaultdict(MonthFacts))

    def facts_of(row: tuple[int | None, ...]) -> list[MonthFacts]:
        """The month's facts a row counts towards: everything's and its unit's."""
        month = row[len(unit)]
        assert month is not None
        keys = [None, row[0]] if by_unit and row[0] is not None else [None]
        return [facts[key][month] for key in keys]

    implemented = IdeaStatus.objects.filter(
        organisation=organisation, kind=IdeaStatus.Kind.IMPLEMENTED
    ).values_list("pk", flat=True)
    # One pass gives the ideas raised, those implemented and the waits for a first answer:
    # grouped by whole days to answer too (None: not answered yet), so that each group's count
    # is also how many ideas waited that long. By status id, not kind: no join to the statuses.
    counts = window.values_list(*unit, "raised_month", "answer_days").annotate(
        raised=Count("pk"),
        implemented=Count("pk", filter=Q(status_id__in=list(implemented))),
    )
    for *row, days, raised, done in counts:
        for month_facts in facts_of(tuple(row)):
            month_facts.raised += raised
            month_facts.implemented += done
            if days is not None:
                month_facts.waits[days] += raised
    supports = Idea.supporters.through.objects.filter(
        **{f"idea__{lookup}": value for lookup, value in where.items()}
    ).order_by()
    support_keys = [f"idea__{name}" for name in (*unit, "raised_month")]
    for people in (
        window.values_list(*unit, "raised_month", "author_id").distinct(),
        supports.values_list(*support_keys, "user_id").distinct(),
    ):
        for *row, person in people:
            for month_facts in facts_of(tuple(row)):
                month_facts.people.add(person)
    return facts


@dataclass(frozen=True)
class Figure:
    title: str
    unit: str
    latest: float | None
    chart: str  # a data: URL of the SVG chart (the policy allows data: images, not inline styles)
    description: str


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months(today: dt.date) -> list[dt.date]:
    first = _month(today)
    months = []
    for _ in range(MONTHS):
        months.append(first)
        first = _month(first - dt.timedelta(days=1))
    return months[::-1]


def figures(
    organisation: Organisation, *, area: OrgUnit | None = None, today: dt.date | None = None
) -> list[Figure]:
    """The four figures for the organisation, or for ``area`` and the units within it."""
    months = _months(today or timezone.localdate())
    keys = [month_key(month) for month in months]
    members = Membership.objects.filter(organisation=organisation)
    below = area.subtree_ids() if area is not None else None
    if below is not None:
        members = members.filter(unit__in=below)
    staff = max(members.count(), 1)
    by_month = monthly_facts(organisation, keys[0], units=below).get(None, {})
    facts = [by_month.get(key, MonthFacts()) for key in keys]
    series: dict[str, list[float | None]] = {
        "Ideas raised per 100 staff": [100 * f.raised / staff for f in facts],
        "Staff who raised or supported an idea (%)": [100 * len(f.people) / staff for f in facts],
        "Median days to a first answer": [f.median_wait() for f in facts],
        "Ideas implemented (% of those raised)": [
            100 * f.implemented / f.raised if f.raised else None for f in facts
        ],
    }
    improvement = ["increase", "increase", "decrease", "increase"]
    return [
        _figure(title, months, values, direction)
        for (title, values), direction in zip(series.items(), improvement, strict=True)
    ]


def _figure(
    title: str, months: list[dt.date], values: list[float | None], direction: str
) -> Figure:
    result = spc(months, values, chart="xmr", improvement=direction)
    svg = render_svg(result, title=title, width=640, height=260)
    latest = next((v for v in reversed(values) if v is not None), None)
    return Figure(
        title=title,
        unit="",
        latest=latest,
        chart="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        description=describe(result),
    )


def by_unit(organisation: Organisation, *, today: dt.date | None = None) -> list[dict[str, object]]:
    """Ideas raised per 100 staff a month over the last year, by the unit they were raised in."""
    today = today or timezone.localdate()
    since = month_key(today) - 11
    ideas = dict(
        Idea.objects.filter(organisation=organisation, raised_month__gte=since, unit__isnull=False)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    staff = dict(
        Membership.objects.filter(organisation=organisation, unit__isnull=False)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    units = OrgUnit.objects.filter(pk__in=ideas).order_by("name")
    return [
        {
            "unit": unit,
            "ideas": ideas[unit.pk],
            "staff": staff.get(unit.pk, 0),
            "rate": round(100 * ideas[unit.pk] / staff[unit.pk] / 12, 1)
            if staff.get(unit.pk)
            else None,
        }
        for unit in units
    ]

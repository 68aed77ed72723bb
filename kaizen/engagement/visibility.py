"""How visible leaders are: the month's diary, counts by kind and leader, and the units no
leader has been to for a while, month by month as a run chart (kaizen-spc draws it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.engagement.models import Visit
from kaizen_spc import spc
from kaizen_spc.svg import describe, render_svg

# A unit counts as not visited when no leader has been there for this long.
UNVISITED_DAYS = 90


def month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class MonthCounts:
    by_kind: list[tuple[str, int]]
    by_leader: list[tuple[str, int, int]]  # name, user id, visits


def month_counts(organisation: Organisation, month: dt.date) -> MonthCounts:
    visits = Visit.objects.filter(
        organisation=organisation, visited_on__gte=month, visited_on__lt=month_start(month, -1)
    )
    kinds = dict(Visit.Kind.choices)
    by_kind = [
        (kinds[row["kind"]], row["n"])
        for row in visits.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    ]
    by_leader = [
        (row["leader__full_name"] or row["leader__email"], row["leader"], row["n"])
        for row in visits.values("leader", "leader__full_name", "leader__email")
        .annotate(n=Count("pk"))
        .order_by("-n", "leader__full_name")
    ]
    return MonthCounts(by_kind=by_kind, by_leader=by_leader)


def unvisited_units(organisation: Organisation, today: dt.date) -> list[OrgUnit]:
    since = today - dt.timedelta(days=UNVISITED_DAYS)
    visited = Visit.objects.filter(organisation=organisation, visited_on__gt=since).values("unit")
    return list(OrgUnit.objects.filter(organisation=organisation).exclude(pk__in=visited))


def unvisited_series(
    organisation: Organisation, today: dt.date, months: int = 12
) -> tuple[list[dt.date], list[float]]:
    """For each of the last ``months`` months, how many units had no visit in the
    UNVISITED_DAYS before the month's end (or today, for this month)."""
    first = month_start(today, months - 1) - dt.timedelta(days=UNVISITED_DAYS)
    last_visits: dict[int, list[dt.date]] = {}
    for unit_id, day in Visit.objects.filter(
        organisation=organisation, visited_on__gte=first
    ).values_list("unit_id", "visited_on"):
        last_visits.setdefault(unit_id, []).append(day)
    unit_ids = list(OrgUnit.objects.filter(organisation=organisation).values_list("pk", flat=True))
    periods, values = [], []
    for back in range(months - 1, -1, -1):
        start = month_start(today, back)
        end = min(month_start(today, back - 1) - dt.timedelta(days=1), today)
        window = end - dt.timedelta(days=UNVISITED_DAYS)
        seen = sum(
            1 for unit in unit_ids if any(window < d <= end for d in last_visits.get(unit, ()))
        )
        periods.append(start)
        values.append(float(len(unit_ids) - seen))
    return periods, values


def unvisited_chart(organisation: Organisation, today: dt.date) -> tuple[str, str]:
    """The run chart's SVG and its text description (the page's alternative for it)."""
    periods, values = unvisited_series(organisation, today)
    result = spc(periods, values, chart="run", improvement="decrease")
    return render_svg(result, unit="units", width=640, height=260), describe(result, unit="units")


def visits_by_kind(visits: list[Visit]) -> Counter[str]:
    return Counter(visit.get_kind_display() for visit in visits)

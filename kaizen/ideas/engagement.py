"""Engagement with everyday improvement, month by month: ideas raised per 100 staff, the share of
staff who raised or supported one, median days to a first answer and the share implemented.
kaizen_spc draws each as an SPC or run chart; this module only counts.

Counting is one pass over a few columns of the window's ideas (and one over their supporters), so
50,000 ideas cost a pair of queries, not one per month.
"""

from __future__ import annotations

import base64
import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from kaizen_spc import spc
from kaizen_spc.svg import describe, render_svg

from kaizen.accounts.models import Membership, Organisation
from kaizen.ideas.models import Idea, IdeaStatus

MONTHS = 24


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


def figures(organisation: Organisation, *, today: dt.date | None = None) -> list[Figure]:
    today = today or timezone.localdate()
    months = _months(today)
    staff = max(Membership.objects.filter(organisation=organisation).count(), 1)
    window = Idea.objects.filter(organisation=organisation, raised_at__date__gte=months[0])
    raised: dict[dt.date, int] = defaultdict(int)
    implemented: dict[dt.date, int] = defaultdict(int)
    people: dict[dt.date, set[int]] = defaultdict(set)
    waits: dict[dt.date, list[float]] = defaultdict(list)
    month_of: dict[int, dt.date] = {}
    rows = window.values_list("pk", "author_id", "raised_at", "first_answered_at", "status__kind")
    for pk, author, raised_at, answered_at, kind in rows.iterator(chunk_size=5000):
        month = _month(timezone.localtime(raised_at).date())
        month_of[pk] = month
        raised[month] += 1
        implemented[month] += kind == IdeaStatus.Kind.IMPLEMENTED
        people[month].add(author)
        if answered_at is not None:
            waits[month].append((answered_at - raised_at).total_seconds() / 86400)
    supports = Idea.supporters.through.objects.filter(idea__in=window).values_list(
        "idea_id", "user_id"
    )
    for idea_id, user_id in supports.iterator(chunk_size=5000):
        people[month_of[idea_id]].add(user_id)
    series = {
        "Ideas raised per 100 staff": [100 * raised[m] / staff for m in months],
        "Staff who raised or supported an idea (%)": [100 * len(people[m]) / staff for m in months],
        "Median days to a first answer": [
            statistics.median(waits[m]) if waits[m] else None for m in months
        ],
        "Ideas implemented (% of those raised)": [
            100 * implemented[m] / raised[m] if raised[m] else None for m in months
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
    since = today - dt.timedelta(days=365)
    ideas = dict(
        Idea.objects.filter(
            organisation=organisation, raised_at__date__gte=since, unit__isnull=False
        )
        .values_list("unit__name")
        .annotate(n=Count("pk"))
        .values_list("unit__name", "n")
    )
    staff = dict(
        Membership.objects.filter(organisation=organisation, unit__isnull=False)
        .values_list("unit__name")
        .annotate(n=Count("pk"))
        .values_list("unit__name", "n")
    )
    return [
        {
            "unit": unit,
            "ideas": count,
            "staff": staff.get(unit, 0),
            "rate": round(100 * count / staff[unit] / 12, 1) if staff.get(unit) else None,
        }
        for unit, count in sorted(ideas.items())
    ]

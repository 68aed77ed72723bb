"""Demand for training as a signal: per month, places offered and booked, waiting-list joins,
oversubscription and attendance, each charted by kaizen_spc so that leaders see a real change
rather than noise."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from markupsafe import Markup

from kaizen.accounts.models import Organisation
from kaizen.training.models import Booking, Session
from kaizen_spc import SeriesResult, spc
from kaizen_spc.svg import FONT, render_svg


@dataclass(frozen=True)
class DemandChart:
    title: str
    unit: str
    svg: Markup
    latest: float | None


def monthly(organisation: Organisation, until: dt.date) -> dict[str, dict[dt.date, float]]:
    # A cancelled session offered no places: its bookings were all released.
    sessions = Session.objects.filter(
        course__organisation=organisation, starts_at__date__lte=until, cancelled_at__isnull=True
    )
    offered = dict(
        sessions.annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(places=Sum("capacity"))
        .values_list("month", "places")
    )
    counts = (
        Booking.objects.filter(session__in=sessions)
        .annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(
            demand=Count("pk"),
            booked=Count("pk", filter=Q(status=Booking.Status.BOOKED)),
            waiting=Count("pk", filter=Q(waited=True)),
            present=Count("pk", filter=Q(attendance=Booking.Attendance.PRESENT)),
            marked=Count("pk", filter=~Q(attendance="")),
        )
    )
    series: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for month, places in offered.items():
        series["offered"][_day(month)] = float(places or 0)
    for row in counts:
        month = _day(row["month"])
        places = series["offered"].get(month, 0.0)
        series["booked"][month] = row["booked"]
        series["waiting"][month] = row["waiting"]
        if places:
            series["oversubscription"][month] = 100 * row["demand"] / places
        if row["marked"]:
            series["attendance"][month] = 100 * row["present"] / row["marked"]
    return series


def _day(month: dt.date | dt.datetime) -> dt.date:
    return month.date() if isinstance(month, dt.datetime) else month


CHARTS = [
    ("offered", "Places offered", ""),
    ("booked", "Places booked", ""),
    ("waiting", "Waiting-list joins", ""),
    ("oversubscription", "Demand over capacity", "%"),
    ("attendance", "Attendance rate", "%"),
]


def charts(organisation: Organisation, until: dt.date) -> list[DemandChart]:
    series = monthly(organisation, until)
    drawn = []
    for key, title, unit in CHARTS:
        points = sorted(series.get(key, {}).items())
        result = spc([p for p, _ in points], [v for _, v in points], chart="xmr")
        svg = page_svg(result, title=title, unit=unit)
        drawn.append(DemandChart(title, unit, svg, points[-1][1] if points else None))
    return drawn


def page_svg(result: SeriesResult, **labels: Any) -> Markup:
    """A kaizen_spc chart drawn for a page (``labels``: render_svg's title, unit, target)."""
    svg = render_svg(result, width=640, height=260, **labels)
    # The page's Content-Security-Policy refuses style attributes; the page's own font
    # applies instead of the printable document's.
    return Markup(svg.replace(f' style="{FONT}"', ' class="kaizen-chart"'))

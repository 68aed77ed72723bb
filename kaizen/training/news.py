"""The training's part of the weekly newsletter (the engagement app reads it through the
registry's news_source, so neither app imports the other): the sessions of the weeks after the
issue's week that still have places, so readers can book one. A session belongs to no unit, so
these lines come first for nobody; they name no one (not even the facilitator)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from kaizen import registry
from kaizen.accounts.models import Organisation
from kaizen.training.models import Session
from kaizen.training.services import HOLDING

SECTION = "Training with places left"
WEEKS_AHEAD = 4


def training_news(
    *, organisation: Organisation, start: dt.datetime, end: dt.datetime
) -> list[registry.NewsItem]:
    sessions = (
        Session.objects.filter(
            course__organisation=organisation,
            cancelled_at__isnull=True,
            starts_at__gte=end,
            starts_at__lt=end + dt.timedelta(weeks=WEEKS_AHEAD),
        )
        .annotate(
            places_left=F("capacity") - Count("bookings", filter=Q(bookings__status__in=HOLDING))
        )
        .filter(places_left__gt=0)
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    return [_item(organisation, session) for session in sessions]


def _item(organisation: Organisation, session: Session) -> registry.NewsItem:
    places = session.places_left  # type: ignore[attr-defined]
    when = timezone.localtime(session.starts_at)
    where = "Online" if session.online else session.place
    plural = "places " if places != 1 else "place "
    audience = f"For {session.course.audience}." if session.course.audience else ""
    return registry.NewsItem(
        SECTION,
        f"{session.course.title}, {when:%A %-d %B %H:%M}",
        " ".join(filter(None, [f"{places} {plural}left.", f"{where}.", audience])),
        reverse("training:session", args=[organisation.slug, session.pk]),
    )

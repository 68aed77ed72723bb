"""The events' part of the weekly newsletter (the engagement app reads it through the
registry's news_source, so neither app imports the other): the kaizen events and RPIWs held in
the week, told through their last daily report-out, and the 30, 60 and 90-day report-outs given
in it with whether each target's gain held. The lines name no one: an event's team may include
patient partners, and nothing records their consent to be named in a newsletter."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse

from kaizen import registry
from kaizen.accounts.models import Organisation
from kaizen.events.models import Event, ReportOut

TEXT_LENGTH = 300


def event_news(
    *, organisation: Organisation, start: dt.datetime, end: dt.datetime
) -> list[registry.NewsItem]:
    first, after = start.date(), end.date()
    in_week = ReportOut.objects.filter(on__gte=first, on__lt=after)
    daily = in_week.filter(kind=ReportOut.Kind.DAILY)
    held = (
        Event.objects.filter(organisation=organisation, starts_on__lt=after, ends_on__gte=first)
        .prefetch_related(Prefetch("report_outs", daily, to_attr="daily_in_week"))
        .order_by("starts_on", "pk")
    )
    items = [_held(organisation, event) for event in held]
    follow_ups = (
        in_week.filter(event__organisation=organisation)
        .exclude(kind=ReportOut.Kind.DAILY)
        .select_related("event")
        .order_by("on", "pk")
    )
    return items + [_follow_up(organisation, report) for report in follow_ups]


def _held(organisation: Organisation, event: Event) -> registry.NewsItem:
    daily = event.daily_in_week  # type: ignore[attr-defined]
    latest = daily[-1].notes if daily else event.scope
    return registry.NewsItem(
        "Kaizen events",
        f"{event.get_kind_display()}: {event.title}",
        f"{event.starts_on:%-d %B} to {event.ends_on:%-d %B}. {latest}".strip()[:TEXT_LENGTH],
        reverse("events:event", args=[organisation.slug, event.pk]),
        unit_id=event.unit_id,
        value_stream_id=event.value_stream_id,
    )


def _follow_up(organisation: Organisation, report: ReportOut) -> registry.NewsItem:
    event = report.event
    held = "; ".join(f"{f['measure']}: {f['verdict']}" for f in report.findings)
    return registry.NewsItem(
        "Report-outs",
        f"{event.title}: {report.get_kind_display().lower()}",
        " ".join(filter(None, [held and f"{held}.", report.notes]))[:TEXT_LENGTH],
        reverse("events:event", args=[organisation.slug, event.pk]),
        unit_id=event.unit_id,
        value_stream_id=event.value_stream_id,
    )

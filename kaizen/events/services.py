"""Events' writes: plan an event with its preparation checklist, its target sheet and team, and
record its report-outs, each follow-up re-reading the target measures with kaizen_spc."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Capability
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.events.models import DEFAULT_CHECKLIST, ChecklistItem, Event, Participant, ReportOut
from kaizen.projects.lean.parents import Parent, register
from kaizen_spc import impact

HOURS_A_DAY = 24


def event_url(event: Event) -> str:
    return reverse("events:event", kwargs={"org": event.organisation.slug, "pk": event.pk})


def register_lean_parent() -> None:
    """Events carry Lean tools, changed by whoever may manage events."""
    register(
        "event",
        Parent(
            model=Event,
            noun="event",
            can_change=lambda request, event: request.membership.can(Capability.MANAGE_EVENTS),
            refusal="Only improvement coaches and organisation admins change an event's Lean "
            "tools. You can read and print them.",
            url=event_url,
        ),
    )


def _record(event: Event, by: User, text: str, action: str = AuditEvent.Action.UPDATE) -> None:
    record_event(
        actor=by,
        organisation=event.organisation,
        target=event,
        text=text,
        url=event_url(event),
        action=action,
    )


def event_create(*, event: Event, by: User) -> Event:
    """Plan an event; its preparation checklist starts from the usual steps, weeks before."""
    if event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": "The event must end on or after the day it starts."})
    with transaction.atomic():
        event.save()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(event=event, weeks_before=weeks, text=text)
            for weeks, text in DEFAULT_CHECKLIST
        )
        _record(event, by, f"planned {event}", AuditEvent.Action.CREATE)
    return event


def participant_add(*, participant: Participant, by: User) -> Participant:
    event = participant.event
    most = event.days * HOURS_A_DAY
    if participant.release_hours > most:
        raise ValidationError(
            {
                "release_hours": f"The event lasts {event.days} days ({most} hours); "
                f"nobody can be released for more."
            }
        )
    if event.participants.filter(person=participant.person).exists():
        raise ValidationError({"person": f"{participant.person} is already on the team."})
    with transaction.atomic():
        participant.save()
        _record(event, by, f"added {participant.person} to {event}")
    return participant


def report_out_add(*, report: ReportOut, by: User, today: dt.date | None = None) -> ReportOut:
    """A daily report-out during the event, or a follow-up once it has ended, which reads each
    target measure's chart since the event started: did the gain appear, and is it holding?"""
    today = today or timezone.localdate()
    event = report.event
    if report.kind == ReportOut.Kind.DAILY:
        if not event.starts_on <= report.on <= event.ends_on:
            raise ValidationError({"on": "A daily report-out is on one of the event's days."})
    else:
        if today <= event.ends_on:
            raise ValidationError(
                {
                    "kind": f"The event ends on {event.ends_on:%-d %B %Y}; follow-up report-outs "
                    "come after it."
                }
            )
        report.findings = findings(event)
    with transaction.atomic():
        report.save()
        _record(event, by, f"recorded the {report.get_kind_display().lower()} of {event}")
    return report


def findings(event: Event) -> list[dict[str, str]]:
    """kaizen_spc's verdict on each target measure since the event started."""
    found = []
    for target in event.targets.select_related("measure"):
        measure = target.measure
        periods, values, denominators = measure.series()
        verdict = impact.judge(
            periods,
            values,
            denominators,
            options=measure.spc_options(),
            start=event.starts_on,
            predicted="increase" if target.target > target.baseline else "decrease",
        )
        found.append({"measure": measure.name, "verdict": verdict.kind, "detail": verdict.detail})
    return found


def hours_released(organisation: Organisation) -> list[dict[str, object]]:
    """Hours released for events, by the event's unit and month."""
    rows = (
        Participant.objects.filter(event__organisation=organisation)
        .annotate(month=TruncMonth("event__starts_on"))
        .values("month", "event__unit__name")
        .annotate(hours=Sum("release_hours"), cost=Sum("backfill_cost"))
        .order_by("-month", "event__unit__name")
    )
    return [
        {
            "month": row["month"],
            "unit": row["event__unit__name"] or "No unit",
            "hours": row["hours"] or Decimal(0),
            "cost": row["cost"] or Decimal(0),
        }
        for row in rows
    ]

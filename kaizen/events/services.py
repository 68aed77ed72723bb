"""Events' writes: plan an event with its preparation checklist, its target sheet and team, and
record its report-outs, each follow-up re-reading the target measures with kaizen_spc."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms import ModelForm
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Capability
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.changes import announce, save_form
from kaizen.events.models import (
    DEFAULT_CHECKLIST,
    ChecklistItem,
    Event,
    FollowUp,
    Participant,
    PreparationStep,
    ReportOut,
    ReportPhoto,
)
from kaizen.privacy.images import CleanImage
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


def preparation_install_defaults(*, organisation: Organisation) -> None:
    """The organisation's usual preparation starts as Kaizen's (EventsConfig.org_defaults: run
    when it is created, and by `manage.py install_defaults` for older organisations)."""
    if not organisation.preparation_steps.exists():
        PreparationStep.objects.bulk_create(
            PreparationStep(organisation=organisation, weeks_before=weeks, text=text)
            for weeks, text in DEFAULT_CHECKLIST
        )


def preparation_step_remove(*, step: PreparationStep, by: User) -> None:
    """Take a step off the usual preparation; events already planned keep their copy."""
    with transaction.atomic():
        announce(
            actor=by,
            organisation=step.organisation,
            action=AuditEvent.Action.DELETE,
            target=step,
            summary=f"Took “{step.text}” off the usual preparation for events",
        )
        step.delete()


def event_create(*, event: Event, by: User) -> Event:
    """Plan an event: its preparation checklist starts from the organisation's usual steps, and
    it owes follow-ups 30, 60 and 90 days after it ends, given by its process owner."""
    if event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": "The event must end on or after the day it starts."})
    with transaction.atomic():
        event.save()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(event=event, weeks_before=step.weeks_before, text=step.text)
            for step in event.organisation.preparation_steps.all()
        )
        FollowUp.objects.bulk_create(
            FollowUp(
                event=event,
                days=days,
                due_on=event.ends_on + dt.timedelta(days=days),
                owner=event.process_owner or event.team_lead,
            )
            for days in FollowUp.DAYS
        )
        _record(event, by, f"planned {event}", AuditEvent.Action.CREATE)
    return event


def event_change(*, form: ModelForm[Event], by: User) -> Event:
    """Change an event's plan (a valid EventForm on it): it must still end on or after its first
    day and last long enough for everyone's release; the follow-ups not yet given move as far
    as its last day moved."""
    event = form.instance
    ended_before = Event.objects.values_list("ends_on", flat=True).get(pk=event.pk)
    if event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": "The event must end on or after the day it starts."})
    most = event.days * HOURS_A_DAY
    over = [str(p.person) for p in event.participants.filter(release_hours__gt=most)]
    if over:
        raise ValidationError(
            {
                "ends_on": f"{', '.join(over)} would be released for longer than the event's "
                f"{event.days} days ({most} hours); change their hours first."
            }
        )
    moved = event.ends_on - ended_before
    with transaction.atomic():
        save_form(actor=by, organisation=event.organisation, form=form)
        if moved:
            event.follow_ups.filter(report__isnull=True).update(due_on=F("due_on") + moved)
    return event


def checklist_item_remove(*, item: ChecklistItem, by: User) -> None:
    with transaction.atomic():
        item.delete()
        _record(item.event, by, f"took “{item.text}” off the preparation of {item.event}")


def follow_up_schedule(*, follow_up: FollowUp, by: User) -> FollowUp:
    """Name who gives a follow-up and when; it is due after the event, not during it."""
    event = follow_up.event
    if follow_up.due_on <= event.ends_on:
        raise ValidationError(
            {"due_on": f"The event ends on {event.ends_on:%-d %B %Y}; a follow-up is due after it."}
        )
    with transaction.atomic():
        follow_up.save(update_fields=["owner", "due_on"])
        _record(event, by, f"scheduled the {follow_up.days}-day follow-up of {event}")
    return follow_up


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


def report_out_add(
    *,
    report: ReportOut,
    by: User,
    photos: Sequence[tuple[CleanImage, str]] = (),
    today: dt.date | None = None,
) -> ReportOut:
    """A daily report-out during the event, or a follow-up once it has ended, which reads each
    target measure's chart up to its day: did the gain appear, and is it holding? Photos come
    re-encoded (kaizen.privacy.images), each with its description."""
    today = today or timezone.localdate()
    event = report.event
    follow_up = None
    if report.kind == ReportOut.Kind.DAILY:
        if not event.starts_on <= report.on <= event.ends_on:
            raise ValidationError({"on": "A daily report-out is on one of the event's days."})
    else:
        follow_up = _owed(event, report, today)
        report.findings = findings(event, as_of=report.on)
    with transaction.atomic():
        report.save()
        ReportPhoto.objects.bulk_create(
            ReportPhoto(
                report=report,
                image=image.data,
                alt_text=alt_text,
                width=image.width,
                height=image.height,
            )
            for image, alt_text in photos
        )
        if follow_up is not None:
            follow_up.report = report
            follow_up.save(update_fields=["report"])
        _record(event, by, f"recorded the {report.get_kind_display().lower()} of {event}")
    return report


def _owed(event: Event, report: ReportOut, today: dt.date) -> FollowUp:
    """The follow-up a report-out gives, refused before the event has ended or a second time."""
    if today <= event.ends_on or report.on <= event.ends_on:
        raise ValidationError(
            {
                "on": f"The event ends on {event.ends_on:%-d %B %Y}; follow-up report-outs "
                "come after it."
            }
        )
    follow_up, _ = FollowUp.objects.get_or_create(
        event=event,
        days=int(report.kind),
        defaults={"due_on": event.ends_on + dt.timedelta(days=int(report.kind))},
    )
    if follow_up.report_id is not None:
        raise ValidationError(f"The {follow_up.days}-day follow-up has already been given.")
    return follow_up


def findings(event: Event, *, as_of: dt.date) -> list[dict[str, str]]:
    """kaizen_spc's reading of each target measure on ``as_of``, from the event's first day:
    did the gain appear, and does it still hold?"""
    found = []
    for target in event.targets.select_related("measure"):
        measure = target.measure
        periods, values, denominators = measure.series()
        verdict = impact.holding(
            periods,
            values,
            denominators,
            options=measure.spc_options(),
            start=event.starts_on,
            predicted="increase" if target.target > target.baseline else "decrease",
            as_of=as_of,
        )
        found.append({"measure": measure.name, "verdict": verdict.kind, "detail": verdict.detail})
    return found

"""The demo trust's events: three Rapid Process Improvement Weeks at different stages, one with
all its report-outs. load_demo calls load_demo_events(organisation); running it twice changes
nothing. Report-outs are written directly: the service refuses dates the demo needs to invent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.events.models import (
    DEFAULT_CHECKLIST,
    ChecklistItem,
    Event,
    Participant,
    ReportOut,
    Target,
)
from kaizen.events.services import findings
from kaizen.measures.models import Measure
from kaizen.projects.lean.demo import add_map, add_sipoc_and_plan

EVENTS = [
    ("Discharge before noon on Larch Ward", -130, "Elderly Care"),
    ("Theatre turnaround", -2, "Surgery"),
    ("Maternity triage flow", 35, "Women and Children"),
]
DAILY = [
    "Mapped the current state with the team and two patients.",
    "Measured every step; waits are 80 % of the lead time.",
    "Tried a discharge checklist at the morning huddle.",
    "Second trial: pharmacy takes the first discharge prescriptions.",
    "Report-out to the sponsor; standard work agreed.",
]


def load_demo_events(organisation: Organisation) -> None:
    if organisation.events.exists():
        return
    today = timezone.localdate()
    people = list(User.objects.filter(memberships__organisation=organisation).order_by("pk"))
    measure = Measure.objects.filter(organisation=organisation, frequency="weekly").first()
    for title, offset, unit_name in EVENTS:
        starts = today + dt.timedelta(days=offset)
        event = Event.objects.create(
            organisation=organisation,
            title=title,
            scope="Demo event, made up for the walkthrough.",
            unit=organisation.units.filter(name=unit_name).first(),
            value_stream=organisation.value_streams.first(),
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=4),
            sponsor=people[0],
            process_owner=people[2],
            team_lead=people[4],
            coach=people[1],
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(event=event, weeks_before=w, text=t, done=offset < 0 or w > 4)
            for w, t in DEFAULT_CHECKLIST
        )
        Participant.objects.bulk_create(
            Participant(
                event=event,
                person=person,
                release_hours=Decimal("37.5"),
                backfill_hours=Decimal(30),
                backfill_cost=Decimal(900),
            )
            for person in people[4:10]
        )
        if measure:
            Target.objects.create(event=event, measure=measure, baseline=6.0, target=4.0)
        _report_outs(event, today)
    _lean_tools(organisation.events.order_by("starts_on").first())


def _lean_tools(event: Event | None) -> None:
    """The discharge RPIW's value-stream map, SIPOC and control plan."""
    if event is None:
        return
    add_map(event, event.organisation)
    measures = [target.measure for target in event.targets.select_related("measure")]
    add_sipoc_and_plan(event, event.organisation, measures, event.process_owner)


def _report_outs(event: Event, today: dt.date) -> None:
    for day, notes in enumerate(DAILY):
        on = event.starts_on + dt.timedelta(days=day)
        if on <= today:
            ReportOut.objects.create(event=event, kind=ReportOut.Kind.DAILY, on=on, notes=notes)
    for days in (30, 60, 90):
        on = event.ends_on + dt.timedelta(days=days)
        if on <= today:
            ReportOut.objects.create(
                event=event,
                kind=str(days),
                on=on,
                notes="The team re-read the target sheet's measures.",
                findings=findings(event),
            )

"""The demo trust's events: three Rapid Process Improvement Weeks at different stages, one with
all its report-outs, and what the two that have begun took forward (ideas and actions on their
units' huddle boards, a change idea in a project). load_demo calls
load_demo_events(organisation); running it twice changes nothing. Report-outs are written
directly: the service refuses dates the demo needs to invent."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from kaizen.accounts.models import Organisation, User
from kaizen.events import services, spawning
from kaizen.events.models import (
    Event,
    Participant,
    ReportOut,
    ReportPhoto,
    Spawn,
    Target,
)
from kaizen.ideas.boards import action_done
from kaizen.ideas.models import IdeaStatus
from kaizen.ideas.services import idea_answer
from kaizen.measures.models import Measure
from kaizen.privacy.images import reencode
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
    if not organisation.events.exists():
        _events(organisation)
    # Apart, so a demo loaded before events could take work forward gains it too.
    if not Spawn.objects.filter(event__organisation=organisation).exists():
        _taken_forward(organisation)


def _events(organisation: Organisation) -> None:
    services.preparation_install_defaults(organisation=organisation)
    today = timezone.localdate()
    people = list(User.objects.filter(memberships__organisation=organisation).order_by("pk"))
    measure = Measure.objects.filter(organisation=organisation, frequency="weekly").first()
    for title, offset, unit_name in EVENTS:
        starts = today + dt.timedelta(days=offset)
        event = Event(
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
        services.event_create(event=event, by=people[1])
        # Past events finished their preparation; the coming one is halfway through.
        event.checklist.filter(weeks_before__gt=0 if offset < 0 else 4).update(done=True)
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


def _taken_forward(organisation: Organisation) -> None:
    """The discharge RPIW raised an idea (since implemented) and an action (done) on Elderly
    Care's board and gave a project a change idea; the theatre week, running now, an idea and an
    action still open."""
    today = timezone.localdate()
    begun = list(organisation.events.filter(starts_on__lte=today).order_by("starts_on"))
    if len(begun) < 2 or begun[0].unit is None or begun[1].unit is None:
        return
    past, running = begun[0], begun[1]
    coach, leader, lead = past.coach, past.sponsor, past.team_lead
    assert coach is not None and leader is not None and lead is not None  # as _events names them
    idea = spawning.spawn_idea(
        event=past,
        by=lead,
        problem="Discharge letters wait for the consultant's ward round.",
        proposal="Let the ward's nurses draft the letter the day before.",
    ).idea
    assert idea is not None
    implemented = IdeaStatus.objects.filter(
        organisation=organisation, kind=IdeaStatus.Kind.IMPLEMENTED
    ).first()
    if implemented is not None:
        idea_answer(
            idea=idea,
            by=leader,
            version=idea.version,
            status=implemented,
            text="Nurses draft the letters now; the sister checks them at the evening huddle.",
        )
    action = spawning.spawn_action(
        event=past,
        by=coach,
        text="Order a second printer for the nurses' station",
        owner=lead,
        due=today,
    ).action
    assert action is not None
    action_done(action=action, by=lead)
    projects = organisation.projects.order_by("pk")
    project = projects.filter(unit=past.unit).first() or projects.first()
    if project is not None:
        spawning.spawn_change_idea(
            event=past,
            by=coach,
            project=project,
            title="Pharmacy dispenses discharge medicines the evening before",
            description="Tried on the fourth day of the week: medicines were ready by 10 am.",
        )
    spawning.spawn_idea(
        event=running,
        by=lead,
        problem="Theatre trays come back from sterile services in the wrong order.",
        proposal="Number the trays by the list order.",
    )
    spawning.spawn_action(
        event=running,
        by=coach,
        text="Agree the tray order with sterile services",
        owner=lead,
        due=today + dt.timedelta(days=7),
    )


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
            report = ReportOut.objects.create(
                event=event, kind=ReportOut.Kind.DAILY, on=on, notes=notes
            )
    if event.ends_on < today:
        _photo(report)
    for follow_up in event.follow_ups.all():
        if follow_up.due_on <= today:
            follow_up.report = ReportOut.objects.create(
                event=event,
                kind=follow_up.kind,
                on=follow_up.due_on,
                notes="The team re-read the target sheet's measures with the process owner.",
                findings=services.findings(event, as_of=follow_up.due_on),
            )
            follow_up.save(update_fields=["report"])


def _photo(report: ReportOut) -> None:
    """A drawing of the team's board (the demo has no real photos), kept as an upload is."""
    board = Image.new("RGB", (640, 400), "#E8EDEE")
    draw = ImageDraw.Draw(board)
    draw.rectangle((20, 20, 310, 380), outline="#005EB8", width=4)
    draw.rectangle((330, 20, 620, 380), outline="#007F3B", width=4)
    draw.text((40, 40), "Before: waits 80% of lead time", fill="#212B32")
    draw.text((350, 40), "After: letters and medicines together", fill="#212B32")
    png = io.BytesIO()
    board.save(png, format="PNG")
    image = reencode(SimpleUploadedFile("board.png", png.getvalue(), "image/png"))
    ReportPhoto.objects.create(
        report=report,
        image=image.data,
        alt_text="The team's board: the current state on the left, the future state on the right.",
        width=image.width,
        height=image.height,
    )

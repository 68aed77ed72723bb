"""The demo trust's engagement: two answered rounds of top concerns, a year of leader visits
(some raising ideas), members following their directorates and value streams, thank-yous, a
dozen stories with pictures drawn here (never of real people) and a year of published
newsletters. load_demo calls load_demo_engagement(organisation); running it twice
changes nothing.

Back-dated records are written to the models directly: the services rightly refuse a round
closing in the past, and stamp everything with the present.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.utils import timezone
from PIL import Image, ImageDraw

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User, ValueStream
from kaizen.accounts.roles import Role
from kaizen.engagement.following import follows_set
from kaizen.engagement.models import (
    Acknowledgement,
    Action,
    Answer,
    Compact,
    CompactVersion,
    Newsletter,
    Photo,
    Round,
    Story,
    Thanks,
    Theme,
    Visit,
)
from kaizen.engagement.newsletter import newsletter_draft, week_of
from kaizen.ideas.models import Idea, IdeaStatus
from kaizen.ideas.services import first_status

ROUNDS = [
    (
        "What gets in the way of safe, timely care on your unit?",
        120,
        {
            "Equipment hunting": (
                [
                    "We spend ages looking for drip stands",
                    "No hoist on nights",
                    "Pumps are never charged",
                ],
                "We counted the kit on every ward, bought 20 pumps, checked them daily.",
                "Daily equipment check at handover on every ward",
            ),
            "Rota changes at short notice": (
                ["My shifts change with a day's notice", "Bank staff don't know the ward"],
                "Rotas are now published six weeks ahead and bank staff get a ward induction card.",
                "Publish rotas six weeks ahead",
            ),
            "Discharge paperwork": (
                ["TTOs hold up every discharge", "Discharge letters are typed twice"],
                "Pharmacy now starts TTOs the day before planned discharge.",
                "Start TTOs the day before discharge",
            ),
        },
    ),
    (
        "What one thing would make your working day better?",
        40,
        {
            "Somewhere to take a break": (
                ["There is nowhere to sit on a break", "The staff room is a store room"],
                "Two store rooms are now staff rooms, with a kettle and a fridge.",
                "Convert two store rooms into staff rooms",
            ),
            "Being heard": (
                ["Nobody asks us before changing things", "Ideas disappear into a black hole"],
                "Every idea is answered within two weeks; leaders walk the wards weekly.",
                "Answer every idea within two weeks",
            ),
        },
    ),
]

STORIES = [
    ("Red trays for protected mealtimes", Story.Kind.IMPROVEMENT),
    ("The falls huddle that took three tries", Story.Kind.DID_NOT_WORK),
    ("A wall of thanks on Ward 7", Story.Kind.PEOPLE),
    ("Bedside handover, one ward at a time", Story.Kind.IMPROVEMENT),
    ("Why our discharge lounge trial stopped", Story.Kind.DID_NOT_WORK),
    ("Porters who fixed the wheelchair shortage", Story.Kind.PEOPLE),
    ("Five minutes that cut call bells", Story.Kind.IMPROVEMENT),
    ("The whiteboard we took down again", Story.Kind.DID_NOT_WORK),
    ("Night team, morning results", Story.Kind.PEOPLE),
    ("Pressure ulcer checks on a single card", Story.Kind.IMPROVEMENT),
    ("Teaching the SPC chart over tea", Story.Kind.PEOPLE),
    ("Our first value stream map", Story.Kind.IMPROVEMENT),
]

PALETTE = [(0, 94, 184), (0, 114, 198), (65, 182, 230), (0, 48, 135), (118, 134, 146)]


def picture(seed: int) -> tuple[bytes, int, int]:
    """An abstract picture (boxes and circles, like a whiteboard of sticky notes), as JPEG."""
    chance = random.Random(seed)
    image = Image.new("RGB", (640, 400), (240, 244, 245))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = chance.randrange(0, 560), chance.randrange(0, 330)
        colour = chance.choice(PALETTE)
        if chance.random() < 0.6:
            draw.rectangle((x, y, x + 70, y + 60), fill=colour)
        else:
            draw.ellipse((x, y, x + 60, y + 60), fill=colour)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue(), 640, 400


def load_demo_engagement(organisation: Organisation) -> None:
    if Round.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    members = list(
        Membership.objects.filter(organisation=organisation).select_related("user", "unit__parent")
    )
    leaders = [m.user for m in members if m.role in (Role.LEADER, Role.BOARD)]
    people = [m.user for m in members] or leaders
    units = list(OrgUnit.objects.filter(organisation=organisation))
    if not leaders or not units:
        return
    chance = random.Random(organisation.slug)
    _rounds(organisation, today, leaders, units, chance)
    _visits(organisation, today, leaders, units, chance)
    _thanks(organisation, today, people, units, chance)
    _stories(organisation, today, people, leaders, units, chance)
    _compact(organisation, today, members)
    _follows(organisation, members)
    _newsletters(organisation, today, leaders[0])


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _rounds(
    organisation: Organisation,
    today: dt.date,
    leaders: list[User],
    units: list[OrgUnit],
    chance: random.Random,
) -> None:
    for question, days_ago, themes in ROUNDS:
        closes = today - dt.timedelta(days=days_ago)
        answered = _at(closes + dt.timedelta(days=12))
        round_ = Round.objects.create(
            organisation=organisation,
            question=question,
            closes_on=closes,
            opened_by=leaders[0],
            created_at=_at(closes - dt.timedelta(days=21)),
            answered_at=answered,
        )
        for title, (said, did, action) in themes.items():
            theme = Theme.objects.create(
                round=round_, title=title, response=did, responded_at=answered
            )
            Answer.objects.bulk_create(
                # Most anonymous, as in life; the named ones have no author here because the
                # demo's words are ours, not the demo people's.
                Answer(
                    round=round_,
                    theme=theme,
                    body=body,
                    unit=chance.choice(units),
                    submitted_on=closes - dt.timedelta(days=chance.randrange(1, 20)),
                )
                for body in said * 3
            )
            Action.objects.create(
                theme=theme,
                text=action,
                owner=chance.choice(leaders),
                due_on=closes + dt.timedelta(days=60),
                status=Action.Status.DONE if days_ago > 60 else Action.Status.UNDER_WAY,
            )


def _visits(
    organisation: Organisation,
    today: dt.date,
    leaders: list[User],
    units: list[OrgUnit],
    chance: random.Random,
) -> None:
    # A few units are left out, so the diary has units no leader has visited.
    visited = units[: max(1, len(units) - 3)]
    learned = [
        "Handover is calmer since the board moved by the nurses' station.",
        "The team want a quicker way to order linen.",
        "Night staff rarely see the matron: agreed to come at 10pm.",
        "The new falls sensor alarms are too quiet at the far bays.",
    ]
    visits = Visit.objects.bulk_create(
        Visit(
            organisation=organisation,
            leader=chance.choice(leaders),
            kind=chance.choice(Visit.Kind.values),
            unit=chance.choice(visited),
            visited_on=today - dt.timedelta(days=day),
            with_whom="The nurse in charge",
            learned=chance.choice(learned),
        )
        for day in range(1, 365)
        if chance.random() < 0.5
    )
    _visit_ideas(organisation, today, visits[::20])


VISIT_IDEAS = [
    "A second linen delivery at 2pm",
    "Move the falls sensor receiver to the middle bay",
    "A matron's round at 10pm once a week",
    "Keep the handover board where the nurses stand",
]


def _visit_ideas(organisation: Organisation, today: dt.date, visits: list[Visit]) -> None:
    """Ideas raised on some of the visits, as a leader does from the log: those over two months
    old were answered and implemented, the rest are new on their unit's board."""
    new = first_status(organisation)
    done = IdeaStatus.objects.filter(
        organisation=organisation, kind=IdeaStatus.Kind.IMPLEMENTED
    ).first()
    for index, visit in enumerate(visits):
        raised = _at(visit.visited_on, 16)
        answered = done is not None and (today - visit.visited_on).days > 60
        idea = Idea.objects.create(
            organisation=organisation,
            problem=visit.learned,
            proposal=VISIT_IDEAS[index % len(VISIT_IDEAS)],
            unit=visit.unit,
            board_unit=visit.unit,
            author=visit.leader,
            raised_by=visit.leader,
            status=done if answered and done else new,
            answer="Tried for a month on the unit and kept." if answered else "",
            raised_at=raised,
            first_answered_at=raised + dt.timedelta(days=9) if answered else None,
            closed_at=raised + dt.timedelta(days=9) if answered else None,
        )
        Visit.objects.filter(pk=visit.pk).update(raised=idea.proposal, idea=idea)


def _thanks(
    organisation: Organisation,
    today: dt.date,
    people: list[User],
    units: list[OrgUnit],
    chance: random.Random,
) -> None:
    messages = [
        "for running the falls huddle every morning this month",
        "for staying late to finish the value stream map",
        "for the idea that saved us an hour at every discharge",
        "for teaching the whole team the run chart rules",
    ]
    for week in range(0, 52, 2):
        sender, colleague = chance.sample(people, 2) if len(people) > 1 else (people[0], None)
        Thanks.objects.create(
            organisation=organisation,
            sender=sender,
            colleague=colleague,
            team=None if colleague else chance.choice(units),
            message=f"Thank you {chance.choice(messages)}.",
            created_at=_at(today - dt.timedelta(weeks=week, days=1)),
        )


def _stories(
    organisation: Organisation,
    today: dt.date,
    people: list[User],
    leaders: list[User],
    units: list[OrgUnit],
    chance: random.Random,
) -> None:
    for index, (title, kind) in enumerate(STORIES):
        day = today - dt.timedelta(weeks=index * 4 + 1)
        story = Story.objects.create(
            organisation=organisation,
            author=chance.choice(people),
            unit=chance.choice(units),
            title=title,
            kind=kind,
            body=f"{title}. We tried it for four weeks, measured it on a run chart and talked "
            "about it at every huddle.\nHere is what we learned, and what we would do next time.",
            # The newest waits for approval, so the approval step has something to show.
            status=Story.Status.SUBMITTED if index == 0 else Story.Status.APPROVED,
            approved_by=None if index == 0 else leaders[0],
            created_at=_at(day),
            approved_at=None if index == 0 else _at(day, 15),
        )
        data, width, height = picture(index)
        Photo.objects.create(
            story=story,
            image=data,
            width=width,
            height=height,
            alt_text="An abstract drawing of coloured sticky notes on a whiteboard",
        )


def _compact(organisation: Organisation, today: dt.date, members: list[Membership]) -> None:
    """All staff's compact in two versions: most acknowledged the first, fewer the second."""
    compact = Compact.objects.create(organisation=organisation, name="All staff")
    gives = "Time each week to improve our work\nAnswers to every concern within a month"
    for number, days_ago, share in ((1, 300, 0.9), (2, 30, 0.5)):
        version = CompactVersion.objects.create(
            compact=compact,
            number=number,
            published_on=today - dt.timedelta(days=days_ago),
            organisation_gives=gives
            + ("\nA leader on every unit each month" if number == 2 else ""),
            group_gives="Raise concerns and ideas early\nTry small changes and measure them",
        )
        Acknowledgement.objects.bulk_create(
            Acknowledgement(version=version, member=m.user)
            for m in members[: int(len(members) * share)]
        )


def _follows(organisation: Organisation, members: list[Membership]) -> None:
    """Each member with a unit follows the directorate above it (or the unit itself), and every
    other one a value stream, so the newsletter opens with their news."""
    streams = list(ValueStream.objects.filter(organisation=organisation))
    for index, member in enumerate(m for m in members if m.unit is not None):
        assert member.unit is not None
        follows_set(
            user=member.user,
            organisation=organisation,
            units=[member.unit.parent or member.unit],
            value_streams=[streams[index % len(streams)]] if streams and index % 2 else [],
        )


def _newsletters(organisation: Organisation, today: dt.date, editor: User) -> None:
    """A year of past issues, drafted from the back-dated news and published (without email)."""
    this_week = week_of(today)
    for back in range(52, 0, -1):
        issue = newsletter_draft(
            organisation=organisation, week_start=this_week - dt.timedelta(weeks=back)
        )
        if issue.items:
            Newsletter.objects.filter(pk=issue.pk).update(
                published_at=_at(issue.week_start + dt.timedelta(days=4), 16),
                published_by=editor,
                intro="This week's news of improvement across the trust.",
            )
        else:
            issue.delete()

"""How long does drafting the weekly newsletter take? (target: at most 2 s)

A trust of 5,000 members in 80 units, with a year of history (about 15,000 leader visits,
2,600 thank-yous, 600 stories) and a busy week: 300 visits, 200 thank-yous, 30 approved
stories and 20 answered themes. For the other apps' news sources: 12,000 ideas, 150 of them
answered in the week; a training session every three days for a year up to eight weeks ahead,
each with 4 to 12 of its 12 places booked; 40 kaizen events, one held in the week, with their
daily and 30, 60 and 90-day report-outs. 1,500 members follow one or two units, so their
emails open with those units' news. Times newsletter_draft (best and median of 5 runs), then
rendering and handing the published issue to the mail backend for every member (locmem), each
in their order.

    .venv/bin/python bench/newsletter_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, organisation_and_member

MEMBERS = 5_000
UNITS = 80
FOLLOWERS = 1_500
RUNS = 5
SEED = 20261204


def main() -> None:
    command_line(__doc__, measure_newsletter, print_figures)


def print_figures(figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"{name:<34} {value}")


def measure_newsletter() -> dict[str, Any]:
    from django.conf import settings
    from django.utils import timezone

    from kaizen.engagement.newsletter import newsletter_draft, send_newsletter, week_of

    organisation, _ = organisation_and_member()
    chance = random.Random(SEED)
    people, units = _people(organisation)
    today = timezone.localdate()
    week = week_of(today)
    _history(organisation, people, units, week, chance)
    _ideas(organisation, people, units, week, chance)
    _training_and_events(organisation, people, units, week, chance)
    _follows(organisation, people, units, chance)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        issue = newsletter_draft(organisation=organisation, week_start=week)
        times.append(time.perf_counter() - started)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    issue.published_at = timezone.now()
    issue.save()
    started = time.perf_counter()
    sent = send_newsletter(issue_id=issue.pk)
    return {
        "members": MEMBERS,
        "items in the draft": len(issue.items),
        "draft best (s)": round(min(times), 3),
        "draft median (s)": round(statistics.median(times), 3),
        "emails rendered and sent": sent,
        "email all members (s)": round(time.perf_counter() - started, 2),
    }


def _people(organisation: Any) -> tuple[list[Any], list[Any]]:
    from kaizen.accounts.models import Membership, OrgUnit, User
    from kaizen.accounts.roles import Role

    units = OrgUnit.objects.bulk_create(
        OrgUnit(organisation=organisation, name=f"Ward {n}") for n in range(UNITS)
    )
    users = User.objects.bulk_create(
        User(email=f"member{n}@bench.example", full_name=f"Member {n}") for n in range(MEMBERS)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=organisation,
            unit=units[n % UNITS],
            role=Role.LEADER if n < 40 else Role.STAFF,
        )
        for n, user in enumerate(users)
    )
    return users, units


def _follows(organisation: Any, people: list[Any], units: list[Any], chance: random.Random) -> None:
    from django.contrib.contenttypes.models import ContentType

    from kaizen.activity.models import Follow

    unit_type = ContentType.objects.get_for_model(units[0])
    Follow.objects.bulk_create(
        Follow(organisation=organisation, user=person, content_type=unit_type, object_id=unit.pk)
        for person in people[:FOLLOWERS]
        for unit in chance.sample(units, chance.choice((1, 2)))
    )


def _history(
    organisation: Any, people: list[Any], units: list[Any], week: dt.date, chance: random.Random
) -> None:
    from django.utils import timezone

    from kaizen.engagement.models import Round, Story, Thanks, Theme, Visit

    def moment(days_back: int) -> dt.datetime:
        day = week + dt.timedelta(days=6) - dt.timedelta(days=days_back)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(11)))

    leaders = people[:40]
    Visit.objects.bulk_create(
        Visit(
            organisation=organisation,
            leader=chance.choice(leaders),
            kind="gemba",
            unit=chance.choice(units),
            visited_on=moment(days).date(),
            learned="What the team told us",
        )
        for days in [chance.randrange(7, 365) for _ in range(15_000)]
        + [chance.randrange(0, 7) for _ in range(300)]
    )
    Thanks.objects.bulk_create(
        Thanks(
            organisation=organisation,
            sender=chance.choice(people),
            colleague=chance.choice(people),
            message="Thank you for the huddle",
            created_at=moment(days),
        )
        for days in [chance.randrange(7, 365) for _ in range(2_600)]
        + [chance.randrange(0, 7) for _ in range(200)]
    )
    Story.objects.bulk_create(
        Story(
            organisation=organisation,
            author=chance.choice(people),
            title=f"Story {n}",
            body="What we did",
            status=Story.Status.APPROVED,
            created_at=moment(days),
            approved_at=moment(days),
        )
        for n, days in enumerate(
            [chance.randrange(7, 365) for _ in range(600)]
            + [chance.randrange(0, 7) for _ in range(30)]
        )
    )
    round_ = Round.objects.create(organisation=organisation, question="Q?", closes_on=week)
    Theme.objects.bulk_create(
        Theme(round=round_, title=f"Theme {n}", response="We did", responded_at=moment(n % 7))
        for n in range(20)
    )


def _at(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(11)))


def _ideas(
    organisation: Any, people: list[Any], units: list[Any], week: dt.date, chance: random.Random
) -> None:
    """A year of ideas, each answered once; 150 of the answers in the week."""
    from kaizen.ideas.models import Idea, IdeaAnswer, IdeaStatus
    from kaizen.ideas.services import install_defaults

    install_defaults(organisation=organisation)
    statuses = list(IdeaStatus.objects.filter(organisation=organisation).exclude(kind="new"))
    days_back = [chance.randrange(7, 365) for _ in range(11_850)] + [
        chance.randrange(0, 7) for _ in range(150)
    ]
    ideas = Idea.objects.bulk_create(
        Idea(
            organisation=organisation,
            problem=f"Problem {n}",
            unit=chance.choice(units),
            author=(author := chance.choice(people)),
            raised_by=author,
            status=chance.choice(statuses),
            raised_at=_at(week + dt.timedelta(days=6 - days - 3)),
            first_answered_at=_at(week + dt.timedelta(days=6 - days)),
        ).stamp()
        for n, days in enumerate(days_back)
    )
    IdeaAnswer.objects.bulk_create(
        IdeaAnswer(idea=idea, status=idea.status, text="Our answer", by=people[0], at=answered)
        for idea in ideas
        if (answered := idea.first_answered_at) is not None
    )


def _training_and_events(
    organisation: Any, people: list[Any], units: list[Any], week: dt.date, chance: random.Random
) -> None:
    """Sessions over the year either side of the week, booked; events with report-outs."""
    from kaizen.events.models import Event, ReportOut
    from kaizen.training.models import Booking, Course, Session
    from kaizen.training.services import tiers_install_defaults

    tiers_install_defaults(organisation=organisation)
    course = Course.objects.create(
        organisation=organisation, tier=organisation.tiers.first(), title="Foundation"
    )
    sessions = Session.objects.bulk_create(
        Session(
            course=course,
            starts_at=_at(week + dt.timedelta(days=days)),
            ends_at=_at(week + dt.timedelta(days=days)) + dt.timedelta(hours=3),
            place="Education centre",
            capacity=12,
        )
        for days in range(-300, 60, 3)
    )
    Booking.objects.bulk_create(
        Booking(session=session, person=person, status="booked", created_at=_at(week))
        for session in sessions
        for person in chance.sample(people, chance.randrange(4, 13))
    )
    events = Event.objects.bulk_create(
        Event(
            organisation=organisation,
            title=f"RPIW {n}",
            unit=chance.choice(units),
            starts_on=week - dt.timedelta(days=9 * n),
            ends_on=week - dt.timedelta(days=9 * n - 4),
        )
        for n in range(40)
    )
    ReportOut.objects.bulk_create(
        ReportOut(event=event, kind=kind, on=event.ends_on + dt.timedelta(days=days), notes="Held")
        for event in events
        for kind, days in (("daily", -1), ("30", 30), ("60", 60), ("90", 90))
    )


if __name__ == "__main__":
    main()

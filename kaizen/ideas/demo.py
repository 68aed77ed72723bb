"""Demo everyday improvement: a few hundred ideas over two years in every status across the demo
trust's units, some with co-authors; huddle actions; ideas and an action escalated and one handed
back; a finished Stop-Doing campaign whose released hours went to a project; impact on projects
and a change idea; and the leaders' stalled digests. All made up.
load_demo calls load_demo_ideas(organisation); running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.ideas import boards, escalation, services, stopdoing
from kaizen.ideas.models import BoardAction, Campaign, Idea, IdeaAnswer, IdeaStatus
from kaizen.impact import services as impact
from kaizen.impact.models import ImpactEntry
from kaizen.projects.models import ChangeIdea, Project

IDEAS = 300
PROBLEMS = [
    (
        "Night staff walk to the far store for every dressing pack.",
        "Keep a small dressing trolley on each bay.",
    ),
    (
        "Handover runs over because the printed list is out of date.",
        "Print the list at 07:00 and 19:00 from the live board.",
    ),
    (
        "Patients wait for transport letters that we post second class.",
        "Send the letter by text with the patient's consent.",
    ),
    (
        "The hoist battery is often flat at the start of the shift.",
        "Add the hoist to the night checklist.",
    ),
    ("We cannot find the bladder scanner.", "Give it a fixed home and a sign-out sheet."),
    (
        "Discharge medicines arrive after the patient's lift home.",
        "Order discharge medicines the day before.",
    ),
    ("Porters are called twice for the same job.", "One shared request log per ward."),
    ("The clinic phone rings unanswered at lunchtime.", "Stagger lunch breaks across the team."),
    (
        "Falls sensors are switched off after cleaning and forgotten.",
        "A tag on the bed frame when a sensor is off.",
    ),
    (
        "Agency staff do not know where the crash trolley is.",
        "A one-page ward map at the nurses' station.",
    ),
]
ANSWERS = {
    IdeaStatus.Kind.UNDER_REVIEW: "Thank you: we will look at this at Thursday's huddle.",
    IdeaStatus.Kind.TESTING: "We are trying this on one bay for two weeks.",
    IdeaStatus.Kind.IMPLEMENTED: "This is now how we work. Thank you.",
    IdeaStatus.Kind.NOT_TAKEN_FORWARD: "Not now: next year's estates work changes this store.",
}


def load_demo_ideas(organisation: Organisation) -> int:
    if Idea.objects.filter(organisation=organisation).exists():
        return 0
    people = list(User.objects.filter(memberships__organisation=organisation).order_by("pk"))
    units = list(OrgUnit.objects.for_organisation(organisation).filter(children__isnull=True))
    if not people or not units:
        return 0
    services.install_defaults(organisation=organisation)
    statuses = {s.kind: s for s in IdeaStatus.objects.filter(organisation=organisation)}
    ideas = _ideas(organisation, people, units, statuses)
    _answers(ideas, people[0])
    _co_authors(ideas, people)
    actions = _actions(organisation, units[:4], people)
    _moves(ideas, actions, people[0])
    _campaign(organisation, people)
    _project_impact(organisation, people[0])
    # Each leader's first digest of what is stalled in their area.
    boards.stalled_digest(organisation=organisation)
    return len(ideas)


def _co_authors(ideas: list[Idea], people: list[User]) -> None:
    """Every seventh idea was worked out with a colleague."""
    Idea.co_authors.through.objects.bulk_create(
        Idea.co_authors.through(idea_id=idea.pk, user_id=colleague.pk)
        for number, idea in enumerate(ideas[::7])
        if (colleague := people[(number + 1) % len(people)]).pk != idea.author_id
    )


def _moves(ideas: list[Idea], actions: list[BoardAction], by: User) -> None:
    """Open ideas and an action escalated to the unit above; one idea handed back."""
    open_ideas = [
        idea
        for idea in ideas
        if not idea.status.is_closed and idea.board_unit and idea.board_unit.parent_id
    ]
    for idea in open_ideas[:3]:
        escalation.idea_escalate(
            idea=idea,
            by=by,
            to_unit=idea.board_unit.parent,  # type: ignore[union-attr,arg-type]
            reason="Needs the estates team, which the directorate huddle can call on.",
        )
    if open_ideas:
        idea = open_ideas[0]
        escalation.idea_escalate(
            idea=idea,
            by=by,
            to_unit=idea.unit,  # type: ignore[arg-type]
            reason="Estates agreed the fix; the ward huddle can make it happen.",
        )
    for action in actions[:1]:
        if action.unit.parent is not None:
            escalation.action_escalate(
                action=action,
                by=by,
                to_unit=action.unit.parent,
                reason="The order is over the ward's spending limit.",
            )


def _project_impact(organisation: Organisation, by: User) -> None:
    """A validated saving on each demo project: what the board's ledger totals."""
    today = timezone.localdate()
    for number, project in enumerate(Project.objects.filter(organisation=organisation)):
        entry = impact.entry_add(
            organisation=organisation,
            target=project,
            by=by,
            values={
                "kind": ImpactEntry.Kind.SAFETY if number % 2 == 0 else ImpactEntry.Kind.MONEY,
                "amount": Decimal(14 if number % 2 == 0 else 38_500),
                "amount_unit": "falls" if number % 2 == 0 else "£",
                "cash_releasing": False,
                "period_start": today - dt.timedelta(days=180),
                "period_end": today,
                "note": "Against the baseline year, from the project's measure.",
            },
            url=project.get_absolute_url(),
        )
        impact.entry_validate(entry=entry, by=by)
    change = ChangeIdea.objects.filter(project__organisation=organisation).order_by("pk").first()
    if change is not None:
        impact.entry_add(
            organisation=organisation,
            target=change,
            by=by,
            values={
                "kind": ImpactEntry.Kind.STAFF,
                "amount": Decimal(12),
                "amount_unit": "fewer interruptions a shift",
                "period_start": today - dt.timedelta(days=90),
                "period_end": today,
                "note": "From the team's own tally before and after the change.",
            },
            url=change.get_absolute_url(),
        )


def _ideas(
    organisation: Organisation,
    people: list[User],
    units: list[OrgUnit],
    statuses: dict[str, IdeaStatus],
) -> list[Idea]:
    chance = random.Random(organisation.slug)
    now = timezone.now()
    kinds = [k for k in IdeaStatus.Kind if k != IdeaStatus.Kind.DUPLICATE]
    rows = []
    for number in range(IDEAS):
        problem, proposal = chance.choice(PROBLEMS)
        raised = now - dt.timedelta(days=chance.uniform(0, 730))
        # Older ideas are more often closed; the newest are mostly new.
        age = (now - raised).days
        kind = IdeaStatus.Kind.NEW if age < 10 and chance.random() < 0.7 else chance.choice(kinds)
        unit = units[number % len(units)]
        author = chance.choice(people)
        answered = (
            None
            if kind == IdeaStatus.Kind.NEW
            else raised + dt.timedelta(days=chance.uniform(0.5, 20))
        )
        rows.append(
            Idea(
                organisation=organisation,
                problem=problem,
                proposal=proposal,
                unit=unit,
                board_unit=unit,
                author=author,
                raised_by=author,
                status=statuses[kind],
                answer=ANSWERS.get(kind, ""),
                raised_at=raised,
                first_answered_at=answered,
                closed_at=answered if statuses[kind].is_closed else None,
            ).stamp()
        )
    return Idea.objects.bulk_create(rows)


def _answers(ideas: list[Idea], by: User) -> None:
    IdeaAnswer.objects.bulk_create(
        IdeaAnswer(
            idea=idea, status=idea.status, text=idea.answer, by=by, at=idea.first_answered_at
        )
        for idea in ideas
        if idea.first_answered_at is not None
    )


def _actions(
    organisation: Organisation, units: list[OrgUnit], people: list[User]
) -> list[BoardAction]:
    today = timezone.localdate()
    return [
        BoardAction.objects.create(
            organisation=organisation,
            unit=unit,
            text="Label the dressing trolley and tell the night team",
            owner=people[offset % len(people)],
            due=today + dt.timedelta(days=offset * 3 - 2),
            created_by=people[0],
        )
        for offset, unit in enumerate(units)
    ]


def _campaign(organisation: Organisation, people: list[User]) -> None:
    """A finished campaign: each activity stopped or changed releases hours to a project."""
    leader, today = people[0], timezone.localdate()
    project = Project.objects.filter(organisation=organisation).order_by("pk").first()
    campaign = Campaign.objects.create(
        organisation=organisation,
        title="What can we stop doing this spring?",
        opens=today - dt.timedelta(days=90),
        closes=today - dt.timedelta(days=60),
        opened_by=leader,
    )
    nominations = [
        ("Printing the bed state three times a day", "Ward clerks", 21, 10, "stop"),
        ("Writing the same observations on paper and in the record", "Nurses", 70, 3, "stop"),
        ("The weekly report nobody reads", "Matron", 1, 90, "change"),
        ("Checking the fridge temperature twice a day", "Nurses", 14, 2, "keep"),
    ]
    for what, who, times, minutes, decision in nominations:
        nomination = campaign.nominations.create(
            what=what,
            who_does_it=who,
            times_per_week=Decimal(times),
            minutes_each=minutes,
            why="It repeats work done elsewhere.",
            nominated_by=people[len(what) % len(people)],
        )
        stopdoing.decide(
            nomination=nomination,
            by=leader,
            decision=decision,
            reason="Agreed at the open decision meeting.",
            redeployed_project=project if decision != "keep" else None,
            redeployed_to="the ward's falls huddle" if decision == "change" else "",
        )

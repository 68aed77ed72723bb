"""The demo trust's programme: its projects aligned to the priorities, two years of PDSA
cycles in a few teams (a quiet first year, then more cycles after a training wave), and the
indicators computed from them, so every chart has a story on `make run`. Loading twice changes
nothing: the history is made only when its projects are missing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.audit.models import AuditEvent
from kaizen.measures.models import Measure
from kaizen.programme.maturity import STARTING_QUESTIONS, assessment_save
from kaizen.programme.models import Component, MaturityAction, PriorityMeasure
from kaizen.programme.services import indicators_refresh
from kaizen.projects import services as project_services
from kaizen.projects.models import MeasureLink, PDSACycle, ProgressScore, Project
from kaizen.strategy.models import StrategicPriority

# Title, priority, learning of its cycles (the abandoned ones' too), and the months ago it
# moved on to each later stage of its method (so the stage charts have a story).
HISTORY = (
    (
        "Safety huddles on every ward",
        "No avoidable harm",
        "Huddles stick when they are short",
        (21, 15, 5),
    ),
    ("Same-day emergency care for frailty", "No waits that matter to patients", "", (17, 9)),
    (
        "Ward-based improvement coaching",
        "Everyone improving",
        "Coaching works in pairs",
        (13, 8, 3, 1),
    ),
)
MONTHS = 24
TRAINING_WAVE = 12  # months ago: after it, teams run about three times as many cycles


def load_demo_programme(organisation: Organisation) -> None:
    lead = User.objects.filter(memberships__organisation=organisation).order_by("pk").first()
    priorities = {p.name: p for p in StrategicPriority.objects.filter(organisation=organisation)}
    if lead is not None and priorities:
        # The projects app's demo projects serve the first priority.
        Project.objects.filter(organisation=organisation, priority=None).update(
            priority=next(iter(priorities.values()))
        )
        units = list(OrgUnit.objects.filter(organisation=organisation).order_by("pk")[:3])
        rng = random.Random(14)
        for number, (title, priority, learning, moves) in enumerate(HISTORY):
            if Project.objects.filter(organisation=organisation, title=title).exists():
                continue
            project = project_services.project_create(
                organisation=organisation,
                by=lead,
                values={
                    "title": title,
                    "problem": f"{title}: the teams want to learn what works here.",
                    "lead": lead,
                    "priority": priorities.get(priority),
                    "unit": units[number % len(units)] if units else None,
                },
            )
            _history(project, lead, learning, rng)
            _scores(project, lead)
            _stages(project, lead, moves)
        _show_priorities(priorities)
    _maturity(organisation, lead)
    indicators_refresh(organisation=organisation)


# Each priority shown by the measures the board watches for it.
PRIORITY_MEASURES = {
    "No avoidable harm": ("Falls with moderate or severe harm", "Critical medicines omitted"),
    "No waits that matter to patients": (
        "A&E 4-hour performance",
        "12-hour waits from decision to admit",
    ),
    "Everyone improving": ("Improvement ideas raised by staff", "Safety huddles held"),
}


def _show_priorities(priorities: dict[str, StrategicPriority]) -> None:
    for name, measure_names in PRIORITY_MEASURES.items():
        priority = priorities.get(name)
        if priority is None:
            continue
        measures = Measure.objects.filter(
            organisation=priority.organisation, name__in=measure_names
        )
        for measure in measures:
            PriorityMeasure.objects.get_or_create(priority=priority, measure=measure)


def _scores(project: Project, lead: User) -> None:
    """The IHI progress score climbing as the team learns: one a quarter for two years."""
    now = timezone.now()
    for quarter, score in enumerate(("1.0", "1.5", "2.0", "2.0", "2.5", "3.0", "3.0", "3.5")):
        ProgressScore.objects.create(
            project=project,
            score=Decimal(score),
            recorded_by=lead,
            recorded_at=now - dt.timedelta(days=91 * (8 - quarter)),
        )


# Two assessments a year apart: the second more honest about leadership, better on capability.
MATURITY = (
    (365, {"purpose": 2, "people": 2, "leadership": 3, "capability": 1, "systems": 2}),
    (30, {"purpose": 3, "people": 3, "leadership": 2, "capability": 3, "systems": 2}),
)


def _maturity(organisation: Organisation, lead: User | None) -> None:
    if lead is None or organisation.maturity_assessments.exists():
        return
    for days_ago, ratings in MATURITY:
        values: dict[str, object] = {
            "assessed_on": timezone.localdate() - dt.timedelta(days=days_ago),
            "participants": "The board, the improvement team, two ward sisters and a patient "
            "partner, at the board development session.",
        }
        for component in Component:
            values[f"{component}-questions"] = STARTING_QUESTIONS[component]
            values[f"{component}-rating"] = ratings[component]
            values[f"{component}-reasoning"] = (
                f"Rated {ratings[component]} after discussing the evidence: strong in the "
                "teams that ran cycles, patchy elsewhere."
            )
        assessment = assessment_save(organisation=organisation, by=lead, values=values)
    MaturityAction.objects.create(
        assessment=assessment,
        component=Component.LEADERSHIP,
        action="Every executive joins a ward huddle each month",
        owner=lead,
        due_on=timezone.localdate() + dt.timedelta(days=90),
    )


def _history(project: Project, lead: User, learning: str, rng: random.Random) -> None:
    """Cycles over the last two years, dated as they happened."""
    idea = project_services.idea_create(
        project=project, by=lead, values={"title": f"Test ideas for “{project.title}”"}
    )
    today = timezone.localdate()
    for month in range(MONTHS, 0, -1):
        for _ in range(rng.randint(0, 1) if month > TRAINING_WAVE else rng.randint(1, 3)):
            started = today - dt.timedelta(days=30 * month - rng.randint(0, 25))
            cycle = project_services.cycle_create(
                idea=idea,
                by=lead,
                values={
                    "title": "A small test",
                    "objective": "Learn whether it works here",
                    "prediction": "It will work on one shift",
                },
            )
            studied = started + dt.timedelta(days=7 + rng.randint(0, 20))
            abandoned = rng.random() < 0.3
            PDSACycle.objects.filter(pk=cycle.pk).update(
                started_on=started,
                planned_end=started + dt.timedelta(days=7),
                predicted_at=timezone.make_aware(
                    dt.datetime.combine(
                        started - dt.timedelta(days=rng.choice((-2, 1, 3))), dt.time(9)
                    )
                ),
                studied_on=studied if studied < today else None,
                closed_on=studied if studied < today else None,
                decision="abandon" if abandoned else "adopt",
                learned=(
                    "It did not work on nights: too few staff to run it." if abandoned else learning
                )
                if studied < today
                else "",
            )


def _stages(project: Project, lead: User, moves: tuple[int, ...]) -> None:
    """The project started two years ago and moved on a stage at each of ``moves`` (months
    ago), through the service (which writes the audit trail the stage indicators replay), after
    giving it what the later stages ask for: an aim with an amount and a date, a measure and a
    driver diagram (it already has change ideas and cycles)."""
    today = timezone.localdate()
    project = project_services.project_update(
        project=project,
        by=lead,
        version=project.version,
        values={
            "aim_what": f"{project.title} in every ward",
            "aim_how_much": "from none to all wards",
            "aim_by_when": today + dt.timedelta(days=180),
        },
        tags=[],
    )
    measure = Measure.objects.filter(organisation=project.organisation, computed="").first()
    if measure is not None:
        project_services.measure_link_add(
            project=project, measure=measure, by=lead, role=MeasureLink.Role.OUTCOME
        )
    project_services.driver_add(project=project, parent=None, text="Teams that test together")
    Project.objects.filter(pk=project.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30 * MONTHS + 20)
    )
    for order, months_ago in enumerate(moves, start=2):
        stage = project.method.stages.get(order=order)
        project_services.project_move_stage(project=project, stage=stage, by=lead)
        moved = AuditEvent.objects.filter(
            target_type=Project._meta.label_lower,
            target_id=str(project.pk),
            changes__has_key="stage",
        ).latest("pk")
        moved.at = timezone.now() - dt.timedelta(days=30 * months_ago)
        moved.save(update_fields=["at"])

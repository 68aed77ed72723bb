"""Demo projects for the demo organisation: realistic work with drivers, ramps of PDSA cycles and
verdicts. load_demo calls load_demo_projects(organisation); running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.projects import services
from kaizen.projects.models import MeasureLink, PDSACycle, Project, ProjectStatus, TeamMember

WEEKS = 40


def _weekly_measure(
    organisation: Organisation, name: str, improvement: str, level: list[tuple[int, float]]
) -> Measure:
    """A weekly measure whose mean moves to each (from week, level) in turn, with steady noise."""
    measure, created = Measure.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={
            "frequency": Measure.Frequency.WEEKLY,
            "improvement": improvement,
            "chart": "xmr",
            "description": "Demo data, made up for the walkthrough.",
        },
    )
    if created or not measure.datapoints.exists():
        noise = random.Random(name)
        first = _monday(timezone.localdate()) - dt.timedelta(weeks=WEEKS)
        DataPoint.objects.bulk_create(
            DataPoint(
                measure=measure,
                period=first + dt.timedelta(weeks=week),
                value=round(_level_at(level, week) + noise.gauss(0, 0.6), 1),
            )
            for week in range(WEEKS)
        )
        measure_refresh(measure=measure)
    return measure


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _level_at(level: list[tuple[int, float]], week: int) -> float:
    return [value for start, value in level if start <= week][-1]


def _week(n: int) -> dt.date:
    return _monday(timezone.localdate()) - dt.timedelta(weeks=WEEKS - n)


def load_demo_projects(organisation: Organisation) -> list[Project]:
    lead = User.objects.filter(memberships__organisation=organisation).order_by("pk").first()
    if lead is None:
        return []
    services.methods_install_defaults(organisation=organisation)
    return [_falls(organisation, lead), _discharge(organisation, lead)]


def _existing(organisation: Organisation, title: str) -> Project | None:
    return Project.objects.filter(organisation=organisation, title=title).first()


def _falls(organisation: Organisation, lead: User) -> Project:
    title = "Reducing falls with harm on the care-of-the-elderly wards"
    if project := _existing(organisation, title):
        return project
    falls = _weekly_measure(
        organisation, "Inpatient falls per 1,000 bed days", "decrease", [(0, 6.5), (26, 4.4)]
    )
    project = services.project_create(
        organisation=organisation,
        by=lead,
        values={
            "title": title,
            "problem": "Older patients fall at night walking to the toilet, often in the first "
            "three nights after admission.",
            "aim_what": "Reduce inpatient falls",
            "aim_for_whom": "patients over 65 on wards 7 and 8",
            "aim_how_much": "from 6.5 to 4 per 1,000 bed days",
            "aim_by_when": _week(WEEKS) + dt.timedelta(weeks=26),
            "lead": lead,
        },
    )
    services.team_member_add(
        project=project,
        by=lead,
        member=TeamMember(
            name="Margaret (patient partner)",
            role="Patient partner",
            is_patient_partner=True,
            involvement=TeamMember.Involvement.CO_DESIGNED,
        ),
    )
    family = [
        (falls, MeasureLink.Role.OUTCOME),
        (
            _weekly_measure(
                organisation,
                "Falls risk assessed within 24 hours of admission (%)",
                "increase",
                [(0, 71.0), (24, 86.0)],
            ),
            MeasureLink.Role.PROCESS,
        ),
        (
            _weekly_measure(
                organisation, "Night-time sleep disturbance complaints", "decrease", [(0, 3.0)]
            ),
            MeasureLink.Role.BALANCING,
        ),
    ]
    for measure, role in family:
        services.measure_link_add(project=project, measure=measure, by=lead, role=role)
    environment = services.driver_add(project=project, parent=None, text="Safe ward environment")
    services.driver_add(project=project, parent=environment, text="Lighting and clear routes")
    rounding = services.driver_add(project=project, parent=None, text="Reliable care at night")
    idea = services.idea_create(
        project=project,
        by=lead,
        values={"title": "Intentional hourly rounding at night", "driver": rounding},
    )
    services.idea_create(
        project=project,
        by=lead,
        values={"title": "Night lights by every bed", "driver": environment},
    )
    first = services.cycle_create(
        idea=idea,
        by=lead,
        values={
            "title": "Rounding in one bay for a week",
            "objective": "Is hourly rounding feasible with night staffing?",
            "prediction": "Staff will complete 80% of rounds; no falls in the bay.",
            "planned_start": _week(22),
            "planned_end": _week(23),
        },
    )
    _run(
        first,
        lead,
        started=_week(22),
        results="74% of rounds done; one fall, no harm.",
        learned="Rounds slip between 02:00 and 04:00 when a bay has two confused patients.",
        decision="adapt",
    )
    second = services.cycle_create(
        idea=idea,
        by=lead,
        values={
            "title": "Rounding on the whole of ward 7, with a 02:00 huddle",
            "objective": "Does a short huddle keep rounds going through the small hours?",
            "prediction": "Falls per 1,000 bed days will fall below 5 within eight weeks.",
            "planned_start": _week(26),
            "planned_end": _week(34),
        },
    )
    services.cycle_update(
        cycle=second, by=lead, version=second.version, values={"started_on": _week(26)}
    )
    services.measure_link_add(
        project=project, measure=falls, by=lead, cycle=second, direction="decrease"
    )
    services.progress_score_record(project=project, score=Decimal("3.5"), note="", by=lead)
    testing = project.method.stages.get(order=3)
    services.project_move_stage(project=project, stage=testing, by=lead)
    _activate(project, lead)
    return project


def _discharge(organisation: Organisation, lead: User) -> Project:
    title = "Discharging patients before midday"
    if project := _existing(organisation, title):
        return project
    discharges = _weekly_measure(
        organisation, "Discharges before midday (%)", "increase", [(0, 18.0)]
    )
    project = services.project_create(
        organisation=organisation,
        by=lead,
        values={
            "title": title,
            "problem": "Beds free up late in the afternoon, so admissions wait in ED.",
            "aim_what": "Discharge more patients before midday",
            "aim_how_much": "from 18% to 33%",
            "lead": lead,
        },
    )
    idea = services.idea_create(
        project=project, by=lead, values={"title": "Criteria-led discharge by nurses"}
    )
    services.idea_create(
        project=project,
        by=lead,
        values={"title": "Pharmacy rounds at 07:00"},
    )
    abandoned = project.ideas.get(title="Pharmacy rounds at 07:00")
    services.idea_set_stage(
        idea=abandoned,
        stage="abandoned",
        reason="Pharmacists could not start before 08:30; take-home medicines now prepared "
        "the evening before instead.",
        by=lead,
    )
    cycle = services.cycle_create(
        idea=idea,
        by=lead,
        values={
            "title": "Nurse-led discharge for elective hips",
            "objective": "Can nurses discharge against agreed criteria without a ward round?",
            "prediction": "Half of elective hip patients leave before midday.",
            "planned_start": _week(36),
            "planned_end": _week(40),
        },
    )
    services.cycle_update(
        cycle=cycle, by=lead, version=cycle.version, values={"started_on": _week(36)}
    )
    services.measure_link_add(
        project=project, measure=discharges, by=lead, cycle=cycle, direction="increase"
    )
    _activate(project, lead)
    return project


def _run(
    cycle: PDSACycle, by: User, *, started: dt.date, results: str, learned: str, decision: str
) -> None:
    cycle = services.cycle_update(
        cycle=cycle,
        by=by,
        version=cycle.version,
        values={"started_on": started, "what_happened": "Ran as planned."},
    )
    cycle = services.cycle_update(
        cycle=cycle,
        by=by,
        version=cycle.version,
        values={"results": results, "studied_on": started + dt.timedelta(weeks=1)},
    )
    services.cycle_close(
        cycle=cycle,
        by=by,
        version=cycle.version,
        values={"decision": decision, "decision_reason": learned, "learned": learned},
    )


def _activate(project: Project, by: User) -> None:
    active = ProjectStatus.objects.filter(
        organisation=project.organisation, kind=ProjectStatus.Kind.ACTIVE
    ).first()
    if active is not None:
        services.project_set_status(project=project, status=active, by=by)

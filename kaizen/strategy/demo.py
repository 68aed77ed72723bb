"""The demo trust's North Star, its strategic priorities with their executive owners and
objectives cascading to divisions and wards, and the programmes its work is tagged with.
Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.strategy.models import NorthStar, Objective, ProgrammeTag, StrategicPriority

NORTH_STAR = (
    "Safe, timely care for every patient, every time: no avoidable harm, no waits that matter "
    "to patients, and every member of staff able to improve their own work."
)
PRIORITIES = ("No avoidable harm", "No waits that matter to patients", "Everyone improving")
# Priority: (statement, executive owner's name, the organisation's objective, and the
# (division, its objective), (ward, its objective) cascade under it).
TRUE_NORTH = {
    "No avoidable harm": (
        "Nobody is harmed by the care meant to help them.",
        "Helen Price",
        "Halve falls with harm on the inpatient wards",
        ("Medicine", "Falls risk checked within six hours of admission"),
        ("Larch Ward", "Lying and standing blood pressure for every patient over 65"),
    ),
    "No waits that matter to patients": (
        "Patients wait only when waiting helps them.",
        "Ian Ford",
        "Nine in ten patients leave the Emergency Department within four hours",
        ("Medicine", "Same-day emergency care for every suitable frail patient"),
        ("Same Day Emergency Care", "Frailty assessment at the front door, seven days a week"),
    ),
    "Everyone improving": (
        "Every member of staff has the time and skills to improve their own work.",
        "Tom Okafor",
        "One in five staff trained in the improvement method",
        ("Surgery", "Every ward team runs one PDSA cycle a month"),
        ("Willow Ward", "A weekly improvement huddle on the ward"),
    ),
}
PROGRAMMES = {
    "GIRFT": ("Getting It Right First Time: national reviews of clinical variation.", "Dev Patel"),
    "NHS IMPACT": ("The national improvement approach and its self-assessment.", "Priya Shah"),
    "PSIRF": ("The Patient Safety Incident Response Framework.", "Priya Shah"),
}


def load_demo_strategy(organisation: Organisation) -> None:
    NorthStar.objects.update_or_create(
        organisation=organisation, defaults={"statement": NORTH_STAR}
    )
    people = {
        user.full_name: user for user in User.objects.filter(memberships__organisation=organisation)
    }
    units = {unit.name: unit for unit in OrgUnit.objects.filter(organisation=organisation)}
    year = dt.date.today().year
    for name in PRIORITIES:
        statement, owner, trust_objective, *cascade = TRUE_NORTH[name]
        priority, _ = StrategicPriority.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={"statement": statement, "executive_owner": people.get(owner)},
        )
        parent = _objective(priority, None, trust_objective, None, year)
        for unit_name, title in cascade:
            parent = _objective(priority, units.get(unit_name), title, parent, year)
    for name, (description, owner) in PROGRAMMES.items():
        ProgrammeTag.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={"description": description, "owner": people.get(owner)},
        )


def _objective(
    priority: StrategicPriority,
    unit: OrgUnit | None,
    title: str,
    parent: Objective | None,
    year: int,
) -> Objective:
    objective, _ = Objective.objects.get_or_create(
        priority=priority,
        title=title,
        defaults={
            "organisation": priority.organisation,
            "unit": unit,
            "parent": parent,
            "year": year,
            "owner": priority.executive_owner if unit is None else None,
        },
    )
    return objective

"""The demo trust's Lean tools on a project: its coaches switched on the SIPOC, value-stream map
and control plan in their method, and the discharge project has all three. (The events demo
gives its RPIW the same tools.) Running it twice changes nothing."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import about
from kaizen.measures.models import Measure
from kaizen.projects.lean.models import ControlPlanItem, MapStep, Sipoc
from kaizen.projects.models import Project
from kaizen.projects.services import project_refresh_fidelity

TOOLS = ("sipoc", "value_stream_map", "control_plan")

DISCHARGE_SIPOC = {
    "suppliers": "Ward doctors\nPharmacy\nTherapists\nPatient transport",
    "inputs": "Medically fit decision\nMedicines to take home\nTransport booking",
    "process": "Board round\nDischarge letter\nMedicines to take home\nPatient leaves the ward",
    "outputs": "Patient home before midday\nDischarge letter to the GP\nA free bed",
    "customers": "Patients and carers\nGPs\nThe emergency department, waiting for a bed",
}

# (name, cycle minutes, wait minutes, people, first-time quality %), in order.
DISCHARGE_MAP = {
    "current": [
        ("Medically fit", 20, 0, 1, 90),
        ("Discharge letter", 30, 240, 1, 70),
        ("Medicines to take home", 15, 300, 2, 80),
        ("Transport", 10, 180, 1, 95),
    ],
    "future": [
        ("Medically fit", 20, 0, 1, 95),
        ("Letter and medicines together", 35, 90, 2, 90),
        ("Transport booked the day before", 10, 30, 1, 98),
    ],
}


def add_map(record: Model, organisation: Organisation) -> None:
    """The discharge pathway before and after its improvement work, on ``record``."""
    MapStep.objects.bulk_create(
        MapStep(
            organisation=organisation,
            target=record,
            state=state,
            position=position,
            name=name,
            cycle_minutes=cycle,
            wait_minutes=wait,
            people=people,
            first_time_quality=quality,
        )
        for state, steps in DISCHARGE_MAP.items()
        for position, (name, cycle, wait, people, quality) in enumerate(steps)
    )


def add_sipoc_and_plan(
    record: Model, organisation: Organisation, measures: Sequence[Measure], owner: User | None
) -> None:
    Sipoc.objects.create(organisation=organisation, target=record, **DISCHARGE_SIPOC)
    ControlPlanItem.objects.bulk_create(
        ControlPlanItem(
            organisation=organisation,
            target=record,
            measure=measure,
            how_often="Every Monday at the ward's huddle",
            owner=owner,
            reaction="The ward manager looks for what changed that week with the team, tells "
            "the matron, and the team runs a PDSA cycle on the cause.",
        )
        for measure in measures
    )


def load_demo_lean(organisation: Organisation) -> None:
    project = Project.objects.filter(
        organisation=organisation, title="Discharging patients before midday"
    ).first()
    if project is None or Sipoc.objects.filter(**about(project)).exists():
        return
    method = project.method
    method.tools = [*method.tools, *(tool for tool in TOOLS if tool not in method.tools)]
    method.save(update_fields=["tools"])
    measures = [link.measure for link in project.measure_links.filter(idea=None)]
    add_sipoc_and_plan(project, organisation, measures, project.lead)
    add_map(project, organisation)
    project_refresh_fidelity(project=project)

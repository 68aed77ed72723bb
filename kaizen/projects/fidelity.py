"""How faithfully a project follows its method: the checks its method asks for, each met or not.

Checks read the project's related rows once (the caller passes a project whose relations may be
prefetched), so evaluating a project costs a handful of queries, and the result is stored on the
project (Project.fidelity) for the portfolio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kaizen.activity.models import about
from kaizen.projects.lean.models import ControlPlanItem, MapStep, Sipoc
from kaizen.projects.methods import FIDELITY_CHECKS
from kaizen.projects.models import MeasureLink, PDSACycle, Project


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    met: bool
    advice: str


def _aim_measurable(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    met = any(ch.isdigit() for ch in project.aim_how_much)
    return met, "State how much, with a number (e.g. from 40% to 20%)."


def _aim_dated(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    return project.aim_by_when is not None, "Say by when the aim will be met."


def _measure_family(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    roles = {link.role for link in project.measure_links.all() if link.idea_id is None}
    missing = [r.label.lower() for r in MeasureLink.Role if r.value not in roles]
    return not missing, f"Link {', '.join(missing) or 'no more'} measures to the project."


def _driver_diagram(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    drivers = list(project.drivers.all())
    ideas = [idea for idea in project.ideas.all() if idea.driver_id is not None]
    return bool(drivers) and bool(ideas), "Add drivers and hang change ideas under them."


def _pdsa_predictions(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    late = [c for c in cycles if not c.predicted_before_start]
    advice = _cycles_advice(cycles, late, "write a prediction before starting")
    if any(c.recorded_after for c in late):
        advice += (
            " A cycle recorded after the fact counts when its prediction was written before "
            "its results were entered."
        )
    return bool(cycles) and not late, advice


def _pdsa_study(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    studied = [c for c in cycles if c.studied_on]
    missing = [c for c in studied if not c.results.strip()]
    return bool(studied) and not missing, _cycles_advice(
        studied, missing, "compare the results with the prediction"
    )


def _pdsa_learning(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    closed = [c for c in cycles if c.closed_on]
    missing = [c for c in closed if not c.learned.strip()]
    return bool(closed) and not missing, _cycles_advice(closed, missing, "record what was learned")


def _patient_partner(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    met = any(m.is_patient_partner for m in project.team.all())
    return met, "Invite a patient partner onto the team."


def _progress_scored(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    return project.progress_score is not None, "Record the IHI progress score."


def _sipoc(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    sipoc = Sipoc.objects.filter(**about(project)).first()
    return bool(sipoc and sipoc.is_complete), "Fill in every column of the SIPOC."


def _control_plan(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    watched = {link.measure_id for link in project.measure_links.all() if _held(link)}
    planned = ControlPlanItem.objects.filter(**about(project)).exclude(reaction="")
    missing = watched - set(planned.values_list("measure_id", flat=True))
    met = bool(watched) and not missing
    return met, "Put every outcome and process measure on the control plan, with its reaction."


def _held(link: MeasureLink) -> bool:
    """A project-level outcome or process measure: the ones a control plan holds."""
    roles = (MeasureLink.Role.OUTCOME, MeasureLink.Role.PROCESS)
    return link.idea_id is None and link.role in roles


def _value_stream_map(project: Project, cycles: list[PDSACycle]) -> tuple[bool, str]:
    states = set(MapStep.objects.filter(**about(project)).values_list("state", flat=True))
    return states == set(MapStep.State.values), "Map the current state and the future state."


def _cycles_advice(pool: list[PDSACycle], missing: list[PDSACycle], action: str) -> str:
    if not pool:
        return f"No cycles yet to {action} for."
    return f"{len(missing)} of {len(pool)} cycles did not {action}."


EVALUATORS: dict[str, Callable[[Project, list[PDSACycle]], tuple[bool, str]]] = {
    "aim_measurable": _aim_measurable,
    "aim_dated": _aim_dated,
    "measure_family": _measure_family,
    "driver_diagram": _driver_diagram,
    "pdsa_predictions": _pdsa_predictions,
    "pdsa_study": _pdsa_study,
    "pdsa_learning": _pdsa_learning,
    "patient_partner": _patient_partner,
    "progress_scored": _progress_scored,
    "sipoc": _sipoc,
    "control_plan": _control_plan,
    "value_stream_map": _value_stream_map,
}


def fidelity_checks(project: Project) -> list[Check]:
    cycles = list(PDSACycle.objects.filter(idea__project=project))
    checks = []
    for key in project.method.checks:
        if key in EVALUATORS:
            met, advice = EVALUATORS[key](project, cycles)
            checks.append(Check(key, FIDELITY_CHECKS[key], met, "" if met else advice))
    return checks


def fidelity_score(checks: list[Check]) -> int:
    """Percentage of checks met; a method with no checks asks nothing, so scores 100."""
    if not checks:
        return 100
    return round(100 * sum(c.met for c in checks) / len(checks))

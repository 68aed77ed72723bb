"""What of a project, a change idea or a closed cycle is shared: a fixed list of fields, never
the team, comments or working notes, so a new field stays private until someone decides to
share it. Every snapshot has one shape (an organisation, a title, the people behind it, change
ideas with their cycles) so one template shows them all. People are named only as
kaizen/network/naming.py allows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from kaizen.measures.models import Measure
from kaizen.network.definitions import definition_of
from kaizen.network.naming import Namer, Person
from kaizen.projects.models import ChangeIdea, MeasureLink, PDSACycle, Project

IDEA_FIELDS = ("title", "description")
# A cycle's plan and what was learned; its "what happened", observations and problems are the
# team's working notes and stay private.
CYCLE_FIELDS = ("title", "objective", "prediction", "results", "learned")


def project_snapshot(project: Project) -> dict[str, Any]:
    links = list(
        MeasureLink.objects.filter(project=project).select_related("measure").order_by("pk")
    )
    return {
        "organisation": project.organisation.name,
        "title": project.title,
        "problem": project.problem,
        "aim": project.aim_sentence(),
        "people": project_people(project),
        "measures": [
            _measure(link) for link in links if link.idea_id is None and not link.cycle_id
        ],
        "ideas": [
            _idea(idea, [link for link in links if link.idea_id == idea.pk])
            for idea in project.ideas.prefetch_related("cycles")
        ],
    }


def idea_snapshot(idea: ChangeIdea) -> dict[str, Any]:
    """A change idea with its PDSA ramp and verdicts, and the definitions of the measures it was
    judged by, so another organisation can adopt it alone."""
    # Its own verdicts and its cycles': a ramp is judged cycle by cycle.
    links = list(
        MeasureLink.objects.filter(Q(idea=idea) | Q(cycle__idea=idea))
        .select_related("measure")
        .order_by("pk")
    )
    measures = {link.measure_id: link.measure for link in links}
    return {
        "organisation": idea.project.organisation.name,
        "title": idea.title,
        "aim": idea.project.aim_sentence(),
        "people": project_people(idea.project),
        # Each measure's chart once, however many cycles were judged by it.
        "measures": [_measure(link) for link in {link.measure_id: link for link in links}.values()],
        "ideas": [_idea(idea, links)],
        "definitions": [definition_of(measure) for measure in measures.values()],
    }


def cycle_snapshot(cycle: PDSACycle) -> dict[str, Any]:
    """A closed cycle's plan and learning, under the change idea it tested."""
    return {
        "organisation": cycle.idea.project.organisation.name,
        "title": cycle.title,
        "people": project_people(cycle.idea.project),
        "ideas": [
            {
                "title": cycle.idea.title,
                "stage": cycle.idea.get_stage_display(),
                "verdicts": [],
                "cycles": [_cycle(cycle)],
            }
        ],
    }


def project_people(project: Project) -> list[Person]:
    """The sponsor, the lead and the team, each once: patient partners by that part alone,
    others without an account by the role the team gave them."""
    namer = Namer(project.organisation)
    people = [
        namer.person(part, user)
        for part, user in (("Executive sponsor", project.sponsor), ("Project lead", project.lead))
        if user is not None
    ]
    seen = {project.sponsor_id, project.lead_id}
    for member in project.team.select_related("user"):
        if member.user_id is not None and member.user_id in seen:
            continue
        seen.add(member.user_id)
        partner = member.is_patient_partner
        part = "Patient partner" if partner else (member.role or "Team member")
        people.append(namer.person(part, member.user, patient_partner=partner))
    return people


def _idea(idea: ChangeIdea, links: Iterable[MeasureLink]) -> dict[str, Any]:
    return {
        **{name: getattr(idea, name) for name in IDEA_FIELDS},
        "stage": idea.get_stage_display(),
        "verdicts": [
            {
                "measure": link.measure.name,
                "verdict": link.get_verdict_display(),
                "direction": link.direction,
            }
            for link in links
        ],
        "cycles": [_cycle(cycle) for cycle in idea.cycles.all()],
    }


def _cycle(cycle: PDSACycle) -> dict[str, Any]:
    return {
        **{name: getattr(cycle, name) for name in CYCLE_FIELDS},
        "decision": cycle.get_decision_display(),
    }


def _measure(link: MeasureLink) -> dict[str, Any]:
    measure = link.measure
    return {
        "name": measure.name,
        "description": measure.description,
        "role": link.get_role_display(),
        "sparkline": sparkline(measure),
    }


def sparkline(measure: Measure) -> str:
    """The chart kept with the measure's SPC result, frozen into the snapshot: drawn by
    kaizen_spc from numbers alone, it holds no text of anyone's."""
    return str((measure.spc_headline or {}).get("sparkline", ""))

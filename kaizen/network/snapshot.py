"""What of a project is shared: a fixed list of fields, never its team, comments or working
notes, so a new field on a project stays private until someone decides to share it."""

from __future__ import annotations

from typing import Any

from kaizen.projects.models import MeasureLink, Project

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
        "measures": [
            _measure(link) for link in links if link.idea_id is None and not link.cycle_id
        ],
        "ideas": [
            {
                **{name: getattr(idea, name) for name in IDEA_FIELDS},
                "stage": idea.get_stage_display(),
                "verdicts": [
                    {"measure": link.measure.name, "verdict": link.get_verdict_display()}
                    for link in links
                    if link.idea_id == idea.pk
                ],
                "cycles": [
                    {
                        **{name: getattr(cycle, name) for name in CYCLE_FIELDS},
                        "decision": cycle.get_decision_display(),
                    }
                    for cycle in idea.cycles.all()
                ],
            }
            for idea in project.ideas.prefetch_related("cycles")
        ],
    }


def _measure(link: MeasureLink) -> dict[str, Any]:
    measure = link.measure
    headline = measure.spc_headline or {}
    return {
        "name": measure.name,
        "description": measure.description,
        "role": link.get_role_display(),
        # Drawn by kaizen_spc from numbers alone: it holds no text of anyone's.
        "sparkline": headline.get("sparkline", ""),
    }


def texts(snapshot: dict[str, Any], where: str = "") -> list[tuple[str, str]]:
    """Every piece of text in the snapshot with where it sits, to screen and to search."""
    found: list[tuple[str, str]] = []
    if isinstance(snapshot, dict):
        for key, value in snapshot.items():
            if key != "sparkline":
                found += texts(value, f"{where}{key} ")
    elif isinstance(snapshot, list):
        for index, value in enumerate(snapshot):
            found += texts(value, f"{where}{index + 1} ")
    elif isinstance(snapshot, str) and snapshot:
        found.append((where.strip(), snapshot))
    return found

"""Adopting a change from a package or a shared change idea, and where it has spread since.

Adopting creates the adopter's own work, prefilled: a project on the adopter's own method (or
change ideas in a project it names), its measures from the shared definitions, and each change
idea linked to them with the predicted direction, so the adopter's own data judge whether the
change worked there too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.models import Measure
from kaizen.measures.services import measure_create
from kaizen.network.definitions import measure_values
from kaizen.network.models import Adoption, ChangePackage, SharedItem
from kaizen.projects.models import ChangeIdea, MeasureLink, Project
from kaizen.projects.services import idea_create, measure_link_add, project_create

DIRECTIONS = (MeasureLink.Direction.INCREASE, MeasureLink.Direction.DECREASE)


def adopt_package(
    *,
    package: ChangePackage,
    organisation: Organisation,
    by: User,
    project: Project | None = None,
    title: str = "",
    starts_on: dt.date | None = None,
) -> Adoption:
    version = package.current()
    source = f"the change package “{package}” (version {version.number})"
    return _adopt(
        organisation=organisation,
        by=by,
        project=project,
        title=title or package.title,
        aim=version.aim,
        ideas=version.ideas,
        definitions=version.measures,
        source=source,
        starts_on=starts_on,
        link={"package": package, "version": version},
    )


def adopt_shared_idea(
    *,
    item: SharedItem,
    organisation: Organisation,
    by: User,
    project: Project | None = None,
    title: str = "",
    starts_on: dt.date | None = None,
) -> Adoption:
    """Adopt a change idea shared alone (its snapshot holds the idea and its measures)."""
    if item.kind != SharedItem.Kind.IDEA:
        raise ValidationError("Only a shared change idea can be adopted on its own.")
    idea = item.snapshot["ideas"][0]
    return _adopt(
        organisation=organisation,
        by=by,
        project=project,
        title=title or idea["title"],
        aim=item.snapshot.get("aim", ""),
        ideas=[idea],
        definitions=item.snapshot.get("definitions", []),
        source=f"“{idea['title']}” shared by {item.snapshot['organisation']}",
        starts_on=starts_on,
        link={"shared_item": item},
    )


def _adopt(
    *,
    organisation: Organisation,
    by: User,
    project: Project | None,
    title: str,
    aim: str,
    ideas: Sequence[dict[str, Any]],
    definitions: Sequence[dict[str, Any]],
    source: str,
    starts_on: dt.date | None,
    link: dict[str, Any],
) -> Adoption:
    if project is not None and project.organisation_id != organisation.pk:
        raise ValidationError({"project": "Choose a project of your organisation."})
    with transaction.atomic():
        if project is None:
            project = project_create(
                organisation=organisation,
                by=by,
                values={
                    "title": title,
                    "problem": f"Adopted from {source}.",
                    "aim_what": aim[:300],
                    "lead": by,
                },
            )
        measures = [_measure_for(organisation, by, definition) for definition in definitions]
        for measure, definition in zip(measures, definitions, strict=True):
            if not MeasureLink.objects.filter(project=project, measure=measure, idea=None).exists():
                measure_link_add(project=project, measure=measure, by=by, role=definition["kind"])
        adoption = Adoption.objects.create(
            organisation=organisation,
            project=project,
            adopted_by=by,
            adopted_at=timezone.now(),
            **link,
        )
        adoption.ideas.set(
            _idea_for(project, by, idea, measures, f"{source}.", starts_on) for idea in ideas
        )
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.CREATE,
            target=adoption,
            summary=f"Adopted {source} in “{project.title}”",
        )
    return adoption


def _measure_for(organisation: Organisation, by: User, definition: dict[str, Any]) -> Measure:
    """The adopter's measure of that name, or a new one from the shared definition."""
    existing = Measure.objects.filter(
        organisation=organisation, name__iexact=definition["name"]
    ).first()
    return existing or measure_create(
        organisation=organisation, by=by, **measure_values(definition)
    )


def _idea_for(
    project: Project,
    by: User,
    idea: dict[str, Any],
    measures: list[Measure],
    source: str,
    starts_on: dt.date | None,
) -> ChangeIdea:
    """The change idea, prefilled, linked to the measures it was tested against at its source
    (all the measures that have a better direction when the source named none)."""
    description = "\n\n".join(filter(None, [idea.get("description", ""), f"Adopted from {source}"]))
    values = {"title": idea["title"], "description": description, "started_on": starts_on}
    created = idea_create(project=project, by=by, values=values)
    tested = {v["measure"].lower(): v.get("direction", "") for v in idea.get("verdicts", [])}
    for measure in measures:
        if tested and measure.name.lower() not in tested:
            continue
        direction = tested.get(measure.name.lower()) or measure.improvement
        if direction in DIRECTIONS:
            measure_link_add(
                project=project, measure=measure, by=by, idea=created, direction=direction
            )
    return created


# ---------------------------------------------------------------------------------------------
# Spread: where a change went and whether it worked there.


@dataclass(frozen=True)
class SpreadRow:
    organisation: str
    project: str
    project_stage: str
    adopted_on: dt.date
    ideas: list[tuple[str, str]]  # (title, stage)
    verdicts: list[tuple[str, str]]  # (measure, verdict)
    outcome: str  # "worked", "did_not_work" or "not_yet"
    judged_on: dt.date | None

    @property
    def outcome_text(self) -> str:
        return OUTCOMES[self.outcome]


OUTCOMES = {
    "worked": "Worked here",
    "did_not_work": "Did not work here",
    "not_yet": "Too early to tell",
}


def spread(adoptions: QuerySet[Adoption]) -> list[SpreadRow]:
    links = MeasureLink.objects.exclude(idea=None).select_related("measure")
    ideas = ChangeIdea.objects.prefetch_related(Prefetch("measure_links", queryset=links))
    return [
        _row(adoption)
        for adoption in adoptions.select_related("organisation", "project__stage").prefetch_related(
            Prefetch("ideas", queryset=ideas)
        )
    ]


def _row(adoption: Adoption) -> SpreadRow:
    ideas = list(adoption.ideas.all())
    links = [link for idea in ideas for link in idea.measure_links.all()]
    outcome, judged = _outcome(ideas, links)
    project = adoption.project
    return SpreadRow(
        organisation=adoption.organisation.name,
        project=project.title if project else "",
        project_stage=project.stage.name if project and project.stage else "",
        adopted_on=timezone.localdate(adoption.adopted_at),
        ideas=[(idea.title, idea.get_stage_display()) for idea in ideas],
        verdicts=[(link.measure.name, link.get_verdict_display()) for link in links],
        outcome=outcome,
        judged_on=timezone.localdate(judged) if judged else None,
    )


def _outcome(ideas: list[ChangeIdea], links: list[MeasureLink]) -> tuple[str, dt.datetime | None]:
    """Worked where any measure moved as predicted; did not where one moved against it or
    every idea was abandoned; otherwise too early. Dated by the verdict that decided it."""
    for kind, outcome in (
        (MeasureLink.Verdict.AS_PREDICTED, "worked"),
        (MeasureLink.Verdict.AGAINST, "did_not_work"),
    ):
        decided = [link.verdict_at for link in links if link.verdict == kind and link.verdict_at]
        if decided:
            return outcome, min(decided)
    if ideas and all(idea.stage == ChangeIdea.Stage.ABANDONED for idea in ideas):
        return "did_not_work", None
    return "not_yet", None

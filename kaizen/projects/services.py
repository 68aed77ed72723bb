"""Every write to projects, driver diagrams, change ideas and cycles that spans several rows or has
side effects (audit, activity feed, notifications, verdicts, annotations on measures' charts).

Each change to a project's content runs inside ``_changing(project)``: one transaction that
ends by recomputing the project's fidelity, so no service has to remember to. Each event goes
through ``_event``, which puts it on the audit trail and the project's feed in one call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Model, QuerySet
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity import services as activity
from kaizen.activity.models import Notification
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.changes import StaleEdit, diff_fields, snapshot
from kaizen.measures.models import Annotation, Measure
from kaizen.measures.services import annotation_add, annotation_delete, annotation_set_outcome
from kaizen.privacy.forms import validate_free_text
from kaizen.projects.fidelity import fidelity_checks, fidelity_score
from kaizen.projects.methods import DEFAULT_METHODS, DEFAULT_STATUSES
from kaizen.projects.models import (
    CYCLE_PHASE_FIELDS,
    ChangeIdea,
    ChangeMark,
    DriverNode,
    ImprovementMethod,
    MeasureLink,
    MethodStage,
    PDSACycle,
    ProgressScore,
    Project,
    ProjectStatus,
    TeamMember,
)
from kaizen_spc import impact

# ---------------------------------------------------------------------------------------------
# Methods and statuses


def methods_install_defaults(*, organisation: Organisation) -> ImprovementMethod:
    """Copy the shipped methods and statuses into the organisation, once; return its current
    method. The organisation's defaults (ProjectsConfig.org_defaults): run when it is created,
    and by `manage.py install_defaults` for organisations older than that hook."""
    current = ImprovementMethod.objects.filter(organisation=organisation, is_current=True).first()
    if current is not None:
        return current
    with transaction.atomic():
        for template in DEFAULT_METHODS:
            method, created = ImprovementMethod.objects.get_or_create(
                organisation=organisation,
                key=template.key,
                defaults={
                    "name": template.name,
                    "description": template.description,
                    "tools": list(template.tools),
                    "checks": list(template.checks),
                },
            )
            if created:
                MethodStage.objects.bulk_create(
                    MethodStage(
                        method=method,
                        order=order,
                        name=stage.name,
                        required_fields=list(stage.required_fields),
                    )
                    for order, stage in enumerate(template.stages, start=1)
                )
        if not ProjectStatus.objects.filter(organisation=organisation).exists():
            ProjectStatus.objects.bulk_create(
                ProjectStatus(organisation=organisation, name=name, kind=kind, order=order)
                for order, (name, kind) in enumerate(DEFAULT_STATUSES)
            )
        current = ImprovementMethod.objects.get(
            organisation=organisation, key=DEFAULT_METHODS[0].key
        )
        current.is_current = True
        current.save(update_fields=["is_current"])
    return current


def method_choose(*, method: ImprovementMethod, by: User) -> None:
    with transaction.atomic():
        ImprovementMethod.objects.filter(organisation=method.organisation).update(is_current=False)
        ImprovementMethod.objects.filter(pk=method.pk).update(is_current=True)
        record(
            actor=by,
            organisation=method.organisation,
            action=AuditEvent.Action.UPDATE,
            target=method,
            summary=f"Chose {method.name} as the improvement method",
        )


def method_update(
    *,
    method: ImprovementMethod,
    by: User,
    tools: list[str],
    checks: list[str],
    stages: list[tuple[MethodStage, str, list[str]]],
) -> None:
    """Save a coach's adaptation: the tools, fidelity checks, and each stage's name and fields."""
    if any(not name.strip() for _, name, _ in stages):
        raise ValidationError("Every stage needs a name.")
    with transaction.atomic():
        method.tools, method.checks = tools, checks
        method.save(update_fields=["tools", "checks"])
        for stage, name, required in stages:
            stage.name, stage.required_fields = name.strip(), required
            stage.save(update_fields=["name", "required_fields"])
        record(
            actor=by,
            organisation=method.organisation,
            action=AuditEvent.Action.UPDATE,
            target=method,
            changes={"tools": tools, "checks": checks},
            summary=f"Adapted the {method.name} template",
        )
        for project in Project.objects.filter(method=method):
            project_refresh_fidelity(project=project)


# ---------------------------------------------------------------------------------------------
# Projects


@contextmanager
def _changing(project: Project) -> Iterator[None]:
    """One change to a project's content: a single transaction, ending with the project's
    fidelity recomputed (its checks read the team, drivers, ideas, cycles and measures)."""
    with transaction.atomic():
        yield
        project_refresh_fidelity(project=project)


def _event(
    *,
    project: Project,
    by: User | None,
    text: str,
    url: str = "",
    target: Model | None = None,
    action: str = AuditEvent.Action.UPDATE,
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Record an event about ``target`` (the project unless given) on the audit trail and
    the project's activity feed."""
    activity.record_event(
        actor=by,
        organisation=project.organisation,
        target=target if target is not None else project,
        feed=project,
        text=text,
        url=url,
        action=action,
        summary=summary,
        changes=changes,
    )


def notify(
    *,
    project: Project,
    kind: str,
    text: str,
    url: str,
    skip: Collection[User | None] = (),
    dedupe_key: str = "",
) -> None:
    """Tell the project's followers, except ``skip`` (who caused it, or whom it is about)."""
    activity.notify(
        organisation=project.organisation,
        target=project,
        kind=kind,
        text=text,
        url=url,
        skip=skip,
        dedupe_key=dedupe_key,
    )


def project_create(
    *,
    organisation: Organisation,
    by: User,
    values: dict[str, Any],
    tags: Sequence[Any] = (),
) -> Project:
    """Start a project on the organisation's current method, at its first stage, with the
    organisation's first status (proposed). The first stage's required fields are enforced."""
    method = methods_install_defaults(organisation=organisation)
    project = Project(
        organisation=organisation,
        method=method,
        stage=method.stages.first(),
        status=ProjectStatus.objects.filter(organisation=organisation).first(),
        created_by=by,
        **values,
    )
    project.full_clean()
    assert project.stage is not None
    _require_fields(project, project.stage, unsaved=True)
    with _changing(project):
        project.save()
        project.tags.set(tags)
        _event(
            project=project,
            by=by,
            text=f"{by} started the project",
            action=AuditEvent.Action.CREATE,
            summary=f"Started the project “{project.title}”",
        )
    return project


def _require_fields(project: Project, stage: MethodStage, *, unsaved: bool = False) -> None:
    related = {"team", "measures", "drivers", "change_ideas", "cycles"}
    missing = project.missing_for_stage(stage, skip=related if unsaved else set())
    if missing:
        raise ValidationError(f"{stage.name} needs {', '.join(missing)}.")


def project_update(
    *, project: Project, by: User, version: int, values: dict[str, Any], tags: list[Any]
) -> Project:
    """Save an edit made on ``version`` of the project, refusing it if someone saved since."""
    for name, value in values.items():
        setattr(project, name, value)
    project.full_clean()
    if project.stage is not None:
        _require_fields(project, project.stage)
    with _changing(project):
        _claim_version(Project, project, version)
        project.save()
        project.tags.set(tags)
        _event(
            project=project,
            by=by,
            text=f"{by} edited the project",
            summary=f"Edited the project “{project.title}”",
        )
    return project


def _claim_version(model: type[Model], instance: Any, version: int) -> None:
    """Bump the row's version if it is still ``version``; raise StaleEdit if it is not."""
    updated = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1
    )
    if not updated:
        raise StaleEdit
    instance.version = version + 1


def project_move_stage(*, project: Project, stage: MethodStage, by: User) -> None:
    if stage.method_id != project.method_id:
        raise ValidationError("That stage belongs to another method.")
    _require_fields(project, stage)
    changes = {"stage": [str(project.stage) if project.stage else None, stage.name]}
    with _changing(project):
        project.stage = stage
        project.save(update_fields=["stage", "updated_at"])
        _event(
            project=project,
            by=by,
            text=f"{by} moved the project to “{stage.name}”",
            changes=changes,
        )


def project_set_status(*, project: Project, status: ProjectStatus, by: User) -> None:
    if status.organisation_id != project.organisation_id:
        raise ValidationError("That status belongs to another organisation.")
    changes = {"status": [str(project.status), status.name]}
    project.status = status
    if status.kind == ProjectStatus.Kind.ACTIVE and project.started_on is None:
        project.started_on = timezone.localdate()
    with _changing(project):
        project.save(update_fields=["status", "started_on", "updated_at"])
        _event(
            project=project,
            by=by,
            text=f"{by} set the status to “{status.name}”",
            changes=changes,
        )


def progress_score_record(*, project: Project, score: Decimal, note: str, by: User) -> None:
    if score not in ProgressScore.SCORES:
        raise ValidationError("The progress score is from 0.5 to 5, in steps of 0.5.")
    changes = {"progress_score": [project.progress_score, score]}
    with _changing(project):
        ProgressScore.objects.create(project=project, score=score, note=note, recorded_by=by)
        project.progress_score = score
        project.save(update_fields=["progress_score", "updated_at"])
        _event(project=project, by=by, text=f"{by} scored progress at {score}", changes=changes)


def team_member_add(*, project: Project, by: User, member: TeamMember) -> TeamMember:
    member.project = project
    if not member.is_patient_partner:
        member.involvement = ""
    elif not member.involvement:
        raise ValidationError("Say how involved the patient partner is.")
    if member.user is None and not member.name.strip():
        raise ValidationError("Choose a person or type their name.")
    with _changing(project):
        # A clear message for the usual case; the constraint stops two simultaneous adds.
        if member.user is not None and project.team.filter(user=member.user).exists():
            raise ValidationError(f"{member.user.display_name} is already on the team.")
        member.save()
        text = f"{member.display_name} joined the team as {member.role}"
        _event(project=project, by=by, text=text, target=member, action=AuditEvent.Action.CREATE)
        notify(
            project=project,
            kind=Notification.Kind.JOINED,
            text=f"{text} of “{project.title}”",
            url=project.get_absolute_url(),
            skip=(by, member.user),
        )
    return member


def team_member_remove(*, member: TeamMember, by: User) -> None:
    project = member.project
    with _changing(project):
        _event(
            project=project,
            by=by,
            text=f"{member.display_name} left the team",
            target=member,
            action=AuditEvent.Action.DELETE,
        )
        member.delete()


def project_refresh_fidelity(*, project: Project) -> int:
    score = fidelity_score(fidelity_checks(project))
    Project.objects.filter(pk=project.pk).update(fidelity=score)
    project.fidelity = score
    return score


def comment_add(*, project: Project, by: User, body: str, cycle: PDSACycle | None = None) -> None:
    """Comment on the project or one of its cycles; the project's feed shows it either way."""
    where = f"cycle {cycle.number} of “{cycle.idea}”" if cycle else "the project"
    target = cycle if cycle is not None else project
    activity.comment_add(
        organisation=project.organisation,
        target=target,
        by=by,
        body=body,
        url=target.get_absolute_url(),
        feed=project,
        feed_text=f"{by} commented on {where}",
    )


# ---------------------------------------------------------------------------------------------
# Driver diagrams and change ideas


def driver_add(
    *, project: Project, parent: DriverNode | None, text: str, by: User | None = None
) -> DriverNode:
    if not text.strip():
        raise ValidationError("Name the driver.")
    validate_free_text(text, organisation=project.organisation)
    if parent is not None and (parent.project_id != project.pk or not parent.is_primary):
        raise ValidationError("Secondary drivers go under a primary driver of this project.")
    order = (
        DriverNode.objects.filter(project=project, parent=parent).aggregate(m=Max("order"))["m"]
        or 0
    )
    with _changing(project):
        node = DriverNode.objects.create(
            project=project, parent=parent, text=text.strip(), order=order + 1
        )
        _event(
            project=project,
            by=by,
            text=f"{by or 'Someone'} added the driver “{node.text}”",
            target=node,
            action=AuditEvent.Action.CREATE,
        )
    return node


def driver_rename(*, node: DriverNode, text: str, by: User) -> None:
    if not text.strip():
        raise ValidationError("A driver needs a name.")
    validate_free_text(text, organisation=node.project.organisation)
    changes = {"text": [node.text, text.strip()[:300]]}
    node.text = text.strip()[:300]
    with _changing(node.project):
        node.save(update_fields=["text"])
        _event(
            project=node.project,
            by=by,
            text=f"{by} renamed a driver “{node.text}”",
            target=node,
            changes=changes,
        )


def driver_delete(*, node: DriverNode, by: User) -> None:
    """Delete a driver and its secondary drivers; its change ideas stay, off the diagram."""
    with _changing(node.project):
        _event(
            project=node.project,
            by=by,
            text=f"{by} deleted the driver “{node.text}”",
            target=node,
            action=AuditEvent.Action.DELETE,
        )
        node.delete()


def driver_move(
    *, node: DriverNode, parent: DriverNode | None, position: int, by: User | None = None
) -> None:
    """Put ``node`` at ``position`` (0-based) among ``parent``'s children. A primary driver with
    secondary drivers of its own stays primary, since the diagram has two levels."""
    if parent is not None and (
        parent.pk == node.pk or not parent.is_primary or parent.project_id != node.project_id
    ):
        raise ValidationError("A driver can only move under a primary driver of its project.")
    if parent is not None and node.children.exists():
        raise ValidationError("Move or delete its secondary drivers first.")
    siblings = list(
        DriverNode.objects.filter(project_id=node.project_id, parent=parent).exclude(pk=node.pk)
    )
    siblings.insert(max(0, min(position, len(siblings))), node)
    node.parent = parent
    for order, sibling in enumerate(siblings, start=1):
        sibling.order = order
        if sibling.pk == node.pk:
            sibling.parent = parent
    with _changing(node.project):
        DriverNode.objects.bulk_update(siblings, ["order", "parent"])
        where = f"under “{parent.text}”" if parent else "among the primary drivers"
        _event(
            project=node.project,
            by=by,
            text=f"{by or 'Someone'} moved the driver “{node.text}” {where}",
            target=node,
        )


def idea_create(*, project: Project, by: User, values: dict[str, Any]) -> ChangeIdea:
    idea = ChangeIdea(project=project, **values)
    if idea.driver is not None and idea.driver.project_id != project.pk:
        raise ValidationError("Choose a driver of this project.")
    idea.full_clean()
    with _changing(project):
        idea.save()
        _event(
            project=project,
            by=by,
            text=f"{by} added the change idea “{idea.title}”",
            url=idea.get_absolute_url(),
            target=idea,
            action=AuditEvent.Action.CREATE,
        )
    return idea


def idea_update(*, idea: ChangeIdea, by: User, values: dict[str, Any]) -> ChangeIdea:
    """Edit an idea; a new start date re-judges its verdicts and moves its mark on the charts."""
    started_before = ChangeIdea.objects.get(pk=idea.pk).started_on
    for name, value in values.items():
        setattr(idea, name, value)
    if idea.driver is not None and idea.driver.project_id != idea.project_id:
        raise ValidationError("Choose a driver of this project.")
    idea.full_clean()
    with _changing(idea.project):
        idea.save()
        _event(
            project=idea.project,
            by=by,
            text=f"{by} edited the change idea “{idea.title}”",
            url=idea.get_absolute_url(),
            target=idea,
        )
        if idea.started_on != started_before:
            verdicts_refresh(project=idea.project, by=by)
    return idea


def idea_place(*, idea: ChangeIdea, driver: DriverNode | None, title: str, by: User) -> None:
    if driver is not None and driver.project_id != idea.project_id:
        raise ValidationError("Choose a driver of this project.")
    if not title.strip():
        raise ValidationError("A change idea needs a title.")
    validate_free_text(title, organisation=idea.project.organisation)
    idea.driver, idea.title = driver, title.strip()[:200]
    where = f"under “{driver.text}”" if driver else "off the diagram"
    with _changing(idea.project):
        idea.save(update_fields=["driver", "title"])
        _event(
            project=idea.project,
            by=by,
            text=f"{by} placed “{idea.title}” {where}",
            url=idea.get_absolute_url(),
            target=idea,
        )


def idea_set_stage(*, idea: ChangeIdea, stage: str, reason: str, by: User) -> None:
    if stage == ChangeIdea.Stage.ABANDONED and not reason.strip():
        raise ValidationError("Say why the idea was abandoned, so others can learn from it.")
    changes = {"stage": [idea.stage, stage]}
    idea.stage, idea.stage_reason = stage, reason.strip()
    with _changing(idea.project):
        idea.save(update_fields=["stage", "stage_reason"])
        _event(
            project=idea.project,
            by=by,
            text=f"{by} moved “{idea.title}” to {idea.get_stage_display().lower()}",
            url=idea.get_absolute_url(),
            target=idea,
            changes=changes,
        )


# ---------------------------------------------------------------------------------------------
# PDSA cycles

CYCLE_FIELDS = (*(f for fields in CYCLE_PHASE_FIELDS.values() for f in fields), "closed_on")


def _check_cycle(cycle: PDSACycle, before: PDSACycle | None) -> None:
    errors: dict[str, str] = {}
    if cycle.planned_start and cycle.planned_end and cycle.planned_end < cycle.planned_start:
        errors["planned_end"] = "The planned end must be on or after the planned start."
    if cycle.started_on and cycle.studied_on and cycle.studied_on < cycle.started_on:
        errors["studied_on"] = "The study date must be on or after the date the cycle started."
    if cycle.studied_on and not cycle.started_on:
        errors["studied_on"] = "A cycle must start before it can be studied."
    if cycle.studied_on and not cycle.results.strip():
        errors["results"] = "Compare the results with the prediction before marking it studied."
    if (
        before is not None
        and before.started_on
        and before.prediction.strip()
        and cycle.prediction.strip() != before.prediction.strip()
    ):
        errors["prediction"] = (
            "The prediction cannot change once the cycle has started: record what happened in "
            "the study instead."
        )
    if errors:
        raise ValidationError(errors)


def _stamp_cycle(cycle: PDSACycle) -> None:
    """Note when the prediction and the results were first written: fidelity compares them."""
    if cycle.prediction.strip() and cycle.predicted_at is None:
        cycle.predicted_at = timezone.now()
    if cycle.results.strip() and cycle.results_at is None:
        cycle.results_at = timezone.now()


def cycle_create(*, idea: ChangeIdea, by: User, values: dict[str, Any]) -> PDSACycle:
    """Plan the next cycle of the idea's ramp: it builds on the latest one."""
    previous = idea.cycles.order_by("-number").first()
    cycle = PDSACycle(
        idea=idea,
        previous=previous,
        number=(previous.number + 1) if previous else 1,
        created_by=by,
        **values,
    )
    _stamp_cycle(cycle)
    cycle.full_clean()
    _check_cycle(cycle, None)
    with _changing(idea.project):
        cycle.save()
        _event(
            project=idea.project,
            by=by,
            text=f"{by} planned cycle {cycle.number} of “{idea.title}”",
            url=cycle.get_absolute_url(),
            target=cycle,
            action=AuditEvent.Action.CREATE,
            summary=f"Planned cycle {cycle.number} of “{idea.title}”",
        )
    return cycle


def cycle_update(*, cycle: PDSACycle, by: User, version: int, values: dict[str, Any]) -> PDSACycle:
    """Save one phase's fields, made on ``version``; refuse (StaleEdit) if someone saved since."""
    before = PDSACycle.objects.get(pk=cycle.pk)
    for name, value in values.items():
        setattr(cycle, name, value)
    _stamp_cycle(cycle)
    if cycle.started_on and not cycle.study_due and cycle.planned_end:
        cycle.study_due = cycle.planned_end
    cycle.full_clean()
    _check_cycle(cycle, before)
    changes = diff_fields(snapshot(before, CYCLE_FIELDS), cycle, CYCLE_FIELDS)
    with _changing(cycle.idea.project):
        _claim_version(PDSACycle, cycle, version)
        cycle.save()
        _event(
            project=cycle.idea.project,
            by=by,
            text=f"{by} updated cycle {cycle.number} of “{cycle.idea.title}” ({cycle.phase})",
            url=cycle.get_absolute_url(),
            target=cycle,
            changes=changes,
            summary=f"Changed cycle {cycle.number} of “{cycle.idea.title}”",
        )
        if before.started_on != cycle.started_on:
            verdicts_refresh(project=cycle.idea.project, by=by)
    return cycle


def cycle_close(*, cycle: PDSACycle, by: User, version: int, values: dict[str, Any]) -> PDSACycle:
    """Act: adopt, adapt or abandon, with the reason and what was learned, and close the cycle."""
    errors = {}
    if not values.get("decision"):
        errors["decision"] = "Choose adopt, adapt or abandon."
    if not str(values.get("decision_reason", "")).strip():
        errors["decision_reason"] = "Give the reason for the decision."
    if not str(values.get("learned", "")).strip():
        errors["learned"] = "Say what you learned: a cycle cannot be closed without it."
    if not cycle.studied_on:
        errors["__all__"] = "Study the cycle (results against the prediction) before closing it."
    if errors:
        raise ValidationError(errors)
    closing = {**values, "closed_on": timezone.localdate()}
    return cycle_update(cycle=cycle, by=by, version=version, values=closing)


def cycles_due_for_study_notify(*, today: dt.date) -> int:
    """Notify each due cycle's project once; return how many cycles were newly notified."""
    count = 0
    for cycle in PDSACycle.objects.due_for_study(today).select_related("idea__project"):
        key = f"cycle_due:{cycle.pk}:{cycle.study_due}"
        project = cycle.idea.project
        if activity.already_notified(organisation=project.organisation, dedupe_key=key):
            continue
        notify(
            project=project,
            kind=Notification.Kind.CYCLE_DUE,
            text=f"Cycle {cycle.number} of “{cycle.idea.title}” is due for study",
            url=cycle.get_absolute_url(),
            dedupe_key=key,
        )
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Measures and verdicts


def measure_link_add(
    *,
    project: Project,
    measure: Measure,
    by: User,
    role: str = "",
    idea: ChangeIdea | None = None,
    cycle: PDSACycle | None = None,
    direction: str = "",
) -> MeasureLink:
    if measure.organisation_id != project.organisation_id:
        raise ValidationError("Choose a measure of this organisation.")
    if (idea or cycle) and direction not in MeasureLink.Direction.values:
        raise ValidationError("Say which way the change should move the measure.")
    if not (idea or cycle) and role not in MeasureLink.Role.values:
        raise ValidationError("Say whether it is an outcome, process or balancing measure.")
    if MeasureLink.objects.filter(
        project=project, idea=idea, cycle=cycle, measure=measure
    ).exists():
        raise ValidationError("That measure is already linked here.")
    with _changing(project):
        link = MeasureLink.objects.create(
            project=project,
            measure=measure,
            role=role,
            idea=idea,
            cycle=cycle,
            direction=direction,
        )
        _event(
            project=project,
            by=by,
            text=f"{by} linked the measure “{measure.name}”",
            target=link,
            action=AuditEvent.Action.CREATE,
        )
        if idea or cycle:
            verdict_refresh(link=link, by=by)
    return link


def verdicts_refresh(*, project: Project, by: User | None = None) -> list[MeasureLink]:
    """Recompute every change's verdict in the project (after new data, a start date, or a
    recalculation); cheap, since each is one kaizen_spc call on one measure."""
    links = MeasureLink.objects.filter(project=project).exclude(idea=None, cycle=None)
    with transaction.atomic():
        return [
            verdict_refresh(link=link, by=by)
            for link in links.select_related("measure", "cycle__idea", "idea")
        ]


def verdicts_follow_data(sender: object, *, measure: Measure, **kwargs: object) -> None:
    """measure_changed's receiver (see ProjectsConfig.ready): values entered or deleted
    re-judge every change tested on the measure, and the team hears of new verdicts."""
    verdicts_follow_bulk_data(sender, measures=[measure])


def verdicts_follow_bulk_data(
    sender: object, *, measures: Sequence[Measure], **kwargs: object
) -> None:
    """measures_changed's receiver: an upload or the API changed many measures at once; one
    query finds the changes tested on any of them (most have none)."""
    by_id = {measure.pk: measure for measure in measures}
    links = MeasureLink.objects.filter(measure_id__in=by_id).exclude(idea=None, cycle=None)
    with transaction.atomic():
        for link in links.order_by("pk"):
            # The caller's measure, with the snapshot it has just stored.
            link.measure = by_id[link.measure_id]
            verdict_refresh(link=link, by=None)


def verdict_refresh(*, link: MeasureLink, by: User | None) -> MeasureLink:
    """Judge one change against one measure; annotate the chart at the change's start, and tell
    the team when the verdict changes."""
    start = link.start_date()
    periods, values, denominators = link.measure.series()
    result = impact.judge(
        periods,
        values,
        denominators,
        options=link.measure.spc_options(),
        start=start,
        predicted=link.direction or link.measure.improvement,
    )
    changed = result.kind != link.verdict
    before = (link.verdict, link.verdict_detail, link.points_needed, link.suggested_rebase)
    link.verdict, link.verdict_detail = result.kind, result.detail[:300]
    link.points_needed = result.points_needed
    link.suggested_rebase = None if link.rebase_accepted else result.suggested_rebase
    # Refreshes re-judge every change on a measure: write only when something changed.
    if before != (link.verdict, link.verdict_detail, link.points_needed, link.suggested_rebase):
        link.verdict_at = timezone.now()
        link.save()
    if start is not None:
        _annotate_change(link, start, by)
    if changed and link.verdict:
        change = link.change
        assert change is not None
        notify(
            project=link.project,
            kind=Notification.Kind.VERDICT,
            text=f"“{change}” on “{link.measure.name}”: {link.get_verdict_display().lower()}",
            url=change.get_absolute_url(),
        )
    return link


def _change_marks(link: MeasureLink) -> QuerySet[Annotation]:
    """The annotations this app placed on the link's measure for the link's change."""
    return link.measure.annotations.filter(
        change_mark__idea_id=link.idea_id, change_mark__cycle_id=link.cycle_id
    )


def _mark_change(link: MeasureLink, **values: Any) -> Annotation:
    annotation = annotation_add(measure=link.measure, **values)
    ChangeMark.objects.create(annotation=annotation, idea_id=link.idea_id, cycle_id=link.cycle_id)
    return annotation


def _annotate_change(link: MeasureLink, start: dt.date, by: User | None) -> None:
    """Mark the change's start on the measure's chart, once per change, with its verdict."""
    change = link.change
    assert change is not None
    outcome, url = link.get_verdict_display(), change.get_absolute_url()
    existing = _change_marks(link).filter(starts_segment=False).first()
    if existing is not None:
        # A corrected start date moves the mark; a page merely being read never does.
        if existing.period == start or by is None:
            annotation_set_outcome(annotation=existing, outcome=outcome, url=url)
            return
        annotation_delete(annotation=existing, by=by)
    _mark_change(
        link,
        period=start,
        text=f"Change started: {change}"[:300],
        outcome=outcome,
        url=url,
        by=by,
    )


def rebase_accept(*, link: MeasureLink, by: User) -> None:
    """The team confirms the suggested recalculation: the limits restart at the shift.

    The link is stored as accepted before the chart changes, and nothing is written after:
    adding the recalculation refreshes the measure, whose measure_changed signal re-judges every
    change on it (this one included, now with the recalculation accepted) once, and that
    judgement is the last word. (It used to run with the link still unaccepted, suggest the
    recalculation again, and be overwritten here.)
    """
    period = link.suggested_rebase
    if period is None:
        raise ValidationError("There is no recalculation to accept.")
    with transaction.atomic():
        link.rebase_accepted = True
        link.suggested_rebase = None
        link.save(update_fields=["rebase_accepted", "suggested_rebase"])
        _event(
            project=link.project,
            by=by,
            text=f"{by} recalculated the limits of “{link.measure.name}”",
            target=link,
        )
        _mark_change(
            link,
            period=period,
            text=f"Limits recalculated after “{link.change}”"[:300],
            starts_segment=True,
            by=by,
        )

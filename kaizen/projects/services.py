"""Every write to projects, driver diagrams, change ideas and cycles that spans several rows or has
side effects (audit, activity feed, notifications, verdicts, annotations on measures' charts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Model, QuerySet
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import diff_fields, record, snapshot
from kaizen.measures.models import Annotation, Measure
from kaizen.measures.services import annotation_add, annotation_delete, annotation_set_outcome
from kaizen.projects.fidelity import fidelity_checks, fidelity_score
from kaizen.projects.methods import DEFAULT_METHODS, DEFAULT_STATUSES
from kaizen.projects.models import (
    CYCLE_PHASE_FIELDS,
    Activity,
    ChangeIdea,
    ChangeMark,
    Comment,
    DriverNode,
    ImprovementMethod,
    MeasureLink,
    MethodStage,
    Notification,
    NotificationPreference,
    PDSACycle,
    ProgressScore,
    Project,
    ProjectStatus,
    TeamMember,
    notify_targets,
)
from kaizen_spc import impact


class StaleEdit(Exception):
    """Someone else saved the record since this person opened it."""

    message = (
        "Someone else changed this while you were editing it. Your changes were not saved: "
        "reload the page to see theirs, then make your changes again."
    )


# ---------------------------------------------------------------------------------------------
# Methods and statuses


def methods_install_defaults(*, organisation: Organisation) -> ImprovementMethod:
    """Copy the shipped methods and statuses into the organisation, once; return its current
    method. Safe to call on every request that needs a method."""
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


def activity_log(*, project: Project, actor: User | None, text: str, url: str = "") -> None:
    Activity.objects.create(project=project, actor=actor, text=text[:300], url=url)


def notify(
    *,
    project: Project,
    kind: str,
    text: str,
    url: str,
    skip: Collection[User | None] = (),
    dedupe_key: str = "",
) -> None:
    """Tell the project's people, except ``skip`` (who caused it, or whom it is about); email
    those who asked for immediate notifications now, and leave the rest for the digests."""
    now = timezone.now()
    skipped = {user.pk for user in skip if user is not None}
    for user in notify_targets(project):
        if user.pk in skipped:
            continue
        note = Notification.objects.create(
            recipient=user,
            project=project,
            kind=kind,
            text=text[:300],
            url=url,
            dedupe_key=dedupe_key,
            created_at=now,
        )
        if preference_for(user).frequency == NotificationPreference.Frequency.IMMEDIATELY:
            send_mail(
                f"{settings.SITE_NAME}: {project.title}",
                f"{text}\n\n{settings.SITE_URL}{url}",
                None,
                [user.email],
            )
            Notification.objects.filter(pk=note.pk).update(emailed_at=now)


def preference_for(user: User) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


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
    with transaction.atomic():
        project.save()
        project.tags.set(tags)
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.CREATE,
            target=project,
            summary=f"Started the project “{project.title}”",
        )
        activity_log(project=project, actor=by, text=f"{by} started the project")
        project_refresh_fidelity(project=project)
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
    with transaction.atomic():
        _claim_version(Project, project, version)
        project.save()
        project.tags.set(tags)
        record(
            actor=by,
            organisation=project.organisation,
            action=AuditEvent.Action.UPDATE,
            target=project,
            summary=f"Edited the project “{project.title}”",
        )
        project_refresh_fidelity(project=project)
    return project


def _claim_version(model: type[Model], instance: Any, version: int) -> None:
    """Bump the row's version if it is still ``version``; raise StaleEdit if it is not."""
    updated = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1
    )
    if not updated:
        raise StaleEdit(StaleEdit.message)
    instance.version = version + 1


def project_move_stage(*, project: Project, stage: MethodStage, by: User) -> None:
    if stage.method_id != project.method_id:
        raise ValidationError("That stage belongs to another method.")
    _require_fields(project, stage)
    project.stage = stage
    project.save(update_fields=["stage", "updated_at"])
    activity_log(project=project, actor=by, text=f"{by} moved the project to “{stage.name}”")


def project_set_status(*, project: Project, status: ProjectStatus, by: User) -> None:
    if status.organisation_id != project.organisation_id:
        raise ValidationError("That status belongs to another organisation.")
    project.status = status
    if status.kind == ProjectStatus.Kind.ACTIVE and project.started_on is None:
        project.started_on = timezone.localdate()
    project.save(update_fields=["status", "started_on", "updated_at"])
    activity_log(project=project, actor=by, text=f"{by} set the status to “{status.name}”")


def progress_score_record(*, project: Project, score: Decimal, note: str, by: User) -> None:
    if score not in ProgressScore.SCORES:
        raise ValidationError("The progress score is from 0.5 to 5, in steps of 0.5.")
    with transaction.atomic():
        ProgressScore.objects.create(project=project, score=score, note=note, recorded_by=by)
        project.progress_score = score
        project.save(update_fields=["progress_score", "updated_at"])
        activity_log(project=project, actor=by, text=f"{by} scored progress at {score}")
        project_refresh_fidelity(project=project)


def team_member_add(*, project: Project, by: User, member: TeamMember) -> TeamMember:
    member.project = project
    if not member.is_patient_partner:
        member.involvement = ""
    elif not member.involvement:
        raise ValidationError("Say how involved the patient partner is.")
    if member.user is None and not member.name.strip():
        raise ValidationError("Choose a person or type their name.")
    with transaction.atomic():
        member.save()
        text = f"{member.display_name} joined the team as {member.role}"
        activity_log(project=project, actor=by, text=text)
        notify(
            project=project,
            kind=Notification.Kind.JOINED,
            text=f"{text} of “{project.title}”",
            url=project.get_absolute_url(),
            skip=(by, member.user),
        )
        project_refresh_fidelity(project=project)
    return member


def team_member_remove(*, member: TeamMember, by: User) -> None:
    project = member.project
    with transaction.atomic():
        member.delete()
        activity_log(project=project, actor=by, text=f"{member.display_name} left the team")
        project_refresh_fidelity(project=project)


def project_refresh_fidelity(*, project: Project) -> int:
    score = fidelity_score(fidelity_checks(project))
    Project.objects.filter(pk=project.pk).update(fidelity=score)
    project.fidelity = score
    return score


def comment_add(*, project: Project, by: User, body: str, cycle: PDSACycle | None = None) -> None:
    if not body.strip():
        raise ValidationError("Write a comment first.")
    Comment.objects.create(project=project, cycle=cycle, author=by, body=body.strip())
    where = f"cycle {cycle.number} of “{cycle.idea}”" if cycle else "the project"
    activity_log(project=project, actor=by, text=f"{by} commented on {where}")


# ---------------------------------------------------------------------------------------------
# Driver diagrams and change ideas


def driver_add(*, project: Project, parent: DriverNode | None, text: str) -> DriverNode:
    if not text.strip():
        raise ValidationError("Name the driver.")
    if parent is not None and (parent.project_id != project.pk or not parent.is_primary):
        raise ValidationError("Secondary drivers go under a primary driver of this project.")
    order = (
        DriverNode.objects.filter(project=project, parent=parent).aggregate(m=Max("order"))["m"]
        or 0
    )
    node = DriverNode.objects.create(
        project=project, parent=parent, text=text.strip(), order=order + 1
    )
    project_refresh_fidelity(project=project)
    return node


def driver_move(*, node: DriverNode, parent: DriverNode | None, position: int) -> None:
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
    DriverNode.objects.bulk_update(siblings, ["order", "parent"])


def idea_create(*, project: Project, by: User, values: dict[str, Any]) -> ChangeIdea:
    idea = ChangeIdea(project=project, **values)
    if idea.driver is not None and idea.driver.project_id != project.pk:
        raise ValidationError("Choose a driver of this project.")
    idea.full_clean()
    idea.save()
    activity_log(
        project=project,
        actor=by,
        text=f"{by} added the change idea “{idea.title}”",
        url=idea.get_absolute_url(),
    )
    project_refresh_fidelity(project=project)
    return idea


def idea_update(*, idea: ChangeIdea, by: User, values: dict[str, Any]) -> ChangeIdea:
    """Edit an idea; a new start date re-judges its verdicts and moves its mark on the charts."""
    started_before = ChangeIdea.objects.get(pk=idea.pk).started_on
    for name, value in values.items():
        setattr(idea, name, value)
    if idea.driver is not None and idea.driver.project_id != idea.project_id:
        raise ValidationError("Choose a driver of this project.")
    idea.full_clean()
    with transaction.atomic():
        idea.save()
        activity_log(
            project=idea.project,
            actor=by,
            text=f"{by} edited the change idea “{idea.title}”",
            url=idea.get_absolute_url(),
        )
        if idea.started_on != started_before:
            verdicts_refresh(project=idea.project, by=by)
        project_refresh_fidelity(project=idea.project)
    return idea


def idea_place(*, idea: ChangeIdea, driver: DriverNode | None, title: str, by: User) -> None:
    if driver is not None and driver.project_id != idea.project_id:
        raise ValidationError("Choose a driver of this project.")
    if not title.strip():
        raise ValidationError("A change idea needs a title.")
    idea.driver, idea.title = driver, title.strip()[:200]
    idea.save(update_fields=["driver", "title"])
    where = f"under “{driver.text}”" if driver else "off the diagram"
    activity_log(
        project=idea.project,
        actor=by,
        text=f"{by} placed “{idea.title}” {where}",
        url=idea.get_absolute_url(),
    )
    project_refresh_fidelity(project=idea.project)


def idea_set_stage(*, idea: ChangeIdea, stage: str, reason: str, by: User) -> None:
    if stage == ChangeIdea.Stage.ABANDONED and not reason.strip():
        raise ValidationError("Say why the idea was abandoned, so others can learn from it.")
    idea.stage, idea.stage_reason = stage, reason.strip()
    idea.save(update_fields=["stage", "stage_reason"])
    activity_log(
        project=idea.project,
        actor=by,
        text=f"{by} moved “{idea.title}” to {idea.get_stage_display().lower()}",
        url=idea.get_absolute_url(),
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
    if cycle.prediction.strip():
        cycle.predicted_at = timezone.now()
    cycle.full_clean()
    _check_cycle(cycle, None)
    with transaction.atomic():
        cycle.save()
        record(
            actor=by,
            organisation=idea.project.organisation,
            action=AuditEvent.Action.CREATE,
            target=cycle,
            summary=f"Planned cycle {cycle.number} of “{idea.title}”",
        )
        activity_log(
            project=idea.project,
            actor=by,
            text=f"{by} planned cycle {cycle.number} of “{idea.title}”",
            url=cycle.get_absolute_url(),
        )
        project_refresh_fidelity(project=idea.project)
    return cycle


def cycle_update(*, cycle: PDSACycle, by: User, version: int, values: dict[str, Any]) -> PDSACycle:
    """Save one phase's fields, made on ``version``; refuse (StaleEdit) if someone saved since."""
    before = PDSACycle.objects.get(pk=cycle.pk)
    for name, value in values.items():
        setattr(cycle, name, value)
    if cycle.prediction.strip() and cycle.predicted_at is None:
        cycle.predicted_at = timezone.now()
    if cycle.started_on and not cycle.study_due and cycle.planned_end:
        cycle.study_due = cycle.planned_end
    cycle.full_clean()
    _check_cycle(cycle, before)
    changes = diff_fields(snapshot(before, CYCLE_FIELDS), cycle, CYCLE_FIELDS)
    with transaction.atomic():
        _claim_version(PDSACycle, cycle, version)
        cycle.save()
        record(
            actor=by,
            organisation=cycle.idea.project.organisation,
            action=AuditEvent.Action.UPDATE,
            target=cycle,
            changes=changes,
            summary=f"Changed cycle {cycle.number} of “{cycle.idea.title}”",
        )
        activity_log(
            project=cycle.idea.project,
            actor=by,
            text=f"{by} updated cycle {cycle.number} of “{cycle.idea.title}” ({cycle.phase})",
            url=cycle.get_absolute_url(),
        )
        if before.started_on != cycle.started_on:
            verdicts_refresh(project=cycle.idea.project, by=by)
        project_refresh_fidelity(project=cycle.idea.project)
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
        if Notification.objects.filter(project=project, dedupe_key=key).exists():
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
    link = MeasureLink.objects.create(
        project=project, measure=measure, role=role, idea=idea, cycle=cycle, direction=direction
    )
    activity_log(project=project, actor=by, text=f"{by} linked the measure “{measure.name}”")
    if idea or cycle:
        verdict_refresh(link=link, by=by)
    project_refresh_fidelity(project=project)
    return link


def verdicts_refresh(*, project: Project, by: User | None = None) -> list[MeasureLink]:
    """Recompute every change's verdict in the project (after new data, a start date, or a
    recalculation); cheap, since each is one kaizen_spc call on one measure."""
    links = MeasureLink.objects.filter(project=project).exclude(idea=None, cycle=None)
    return [
        verdict_refresh(link=link, by=by)
        for link in links.select_related("measure", "cycle__idea", "idea")
    ]


def verdicts_follow_data(sender: object, *, measure: Measure, **kwargs: object) -> None:
    """measure_changed's receiver (see ProjectsConfig.ready): values entered, deleted or
    uploaded re-judge every change tested on the measure, and the team hears of new verdicts."""
    # No select_related: most measures have no change tested on them (an upload refreshes
    # hundreds), and the plain query costs a third as much to build.
    for link in MeasureLink.objects.filter(measure=measure).exclude(idea=None, cycle=None):
        link.measure = measure
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
    # Pages refresh verdicts as they are read: write only when something changed.
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
        activity_log(
            project=link.project,
            actor=by,
            text=f"{by} recalculated the limits of “{link.measure.name}”",
        )
        _mark_change(
            link,
            period=period,
            text=f"Limits recalculated after “{link.change}”"[:300],
            starts_segment=True,
            by=by,
        )

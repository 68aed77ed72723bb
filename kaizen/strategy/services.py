"""Writes to the organisation's strategy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent
from kaizen.changes import announce
from kaizen.strategy.models import NorthStar, Objective, StrategicPriority


def install_defaults(*, organisation: Organisation) -> None:
    """Give a new organisation its (empty) North Star, so pages read it without creating it."""
    NorthStar.objects.get_or_create(organisation=organisation)


def north_star_for(organisation: Organisation) -> NorthStar:
    """The organisation's North Star; an unsaved blank one if its defaults were never installed,
    so a read never writes."""
    try:
        return organisation.north_star
    except NorthStar.DoesNotExist:
        return NorthStar(organisation=organisation)


def _alignments() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that aligns a record to a priority. A record that would outlive its
    priority (its link is set to null, protected or many-to-many) is work aligned to it; one
    deleted with it (an objective, a measure shown under it) is part of the priority itself.
    Read from the models, so an app that aligns its records (ideas, events...) is covered."""
    found = []
    for relation in StrategicPriority._meta.related_objects:
        parts_of_it = relation.one_to_many and relation.on_delete is models.CASCADE
        if not parts_of_it:
            found.append((relation.related_model, relation.field.name))
    return found


def aligned_work(priority: StrategicPriority) -> list[tuple[str, int]]:
    """How many of each kind of record are aligned to ``priority`` (kinds with none left out)."""
    counts = []
    for model, field in _alignments():
        count = model._default_manager.filter(**{field: priority}).count()
        if count:
            counts.append((str(model._meta.verbose_name_plural), count))
    return counts


def priority_delete(
    *, priority: StrategicPriority, by: Any, move_to: StrategicPriority | None = None
) -> None:
    """Delete ``priority``. Work aligned to it must go somewhere first: to ``move_to``, or the
    deletion is refused, so that no project silently loses what it serves."""
    work = aligned_work(priority)
    if move_to is not None and (
        move_to.organisation_id != priority.organisation_id or move_to.pk == priority.pk
    ):
        raise ValidationError("Choose another of the organisation's priorities to move it to.")
    if work and move_to is None:
        listed = ", ".join(f"{count} {kind}" for kind, count in work)
        raise ValidationError(
            f"{listed} {'is' if len(work) == 1 and work[0][1] == 1 else 'are'} aligned to "
            f"“{priority}”. Choose the priority to move that work to, then delete."
        )
    with transaction.atomic():
        if move_to is not None:
            _move_work(priority, move_to, by)
        announce(
            actor=by,
            organisation=priority.organisation,
            action=AuditEvent.Action.DELETE,
            target=priority,
        )
        priority.delete()


def _move_work(priority: StrategicPriority, move_to: StrategicPriority, by: Any) -> None:
    for model, field in _alignments():
        rows = model._default_manager.filter(**{field: priority})
        if model._meta.get_field(field).many_to_many:
            for record in rows:
                getattr(record, field).remove(priority)
                getattr(record, field).add(move_to)
        else:
            rows.update(**{field: move_to})
    announce(
        actor=by,
        organisation=priority.organisation,
        action=AuditEvent.Action.UPDATE,
        target=move_to,
        summary=f"The work aligned to “{priority}” moved to “{move_to}”",
    )


def objective_delete(*, objective: Objective, by: Any) -> None:
    """Delete ``objective``; the units' objectives that served it then serve the priority."""
    with transaction.atomic():
        announce(
            actor=by,
            organisation=objective.organisation,
            action=AuditEvent.Action.DELETE,
            target=objective,
        )
        objective.delete()


def objective_tree(priority: StrategicPriority) -> list[tuple[Objective, list[Any]]]:
    """The priority's objectives as a tree, newest year first: (objective, its children's
    subtrees) for those serving the priority directly."""
    objectives = list(priority.objectives.select_related("unit", "owner"))
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)

    def branch(parent: int | None) -> list[tuple[Objective, list[Any]]]:
        return [(child, branch(child.pk)) for child in children.get(parent, [])]

    return branch(None)

"""One call to put a change on the audit trail, from any app."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms import ModelForm

from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent


def _jsonable(value: Any) -> Any:
    # Dates, decimals and UUIDs become the strings Django's JSON encoder gives them, so the
    # JSONField stores exactly what a reader will later see.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields``, to diff against after a save. A related record is
    kept as its name, which still means something after the record is deleted."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_one or field.one_to_one:
            related = getattr(instance, name)
            values[name] = None if related is None else str(related)
        else:
            values[name] = _jsonable(field.value_from_object(instance))  # type: ignore[union-attr]
    return values


def diff_fields(
    instance_before_dict: Mapping[str, Any], instance_after: models.Model, fields: Iterable[str]
) -> dict[str, list[Any]]:
    """{field: [old, new]} for each of ``fields`` whose value changed.

    ``instance_before_dict`` is a :func:`snapshot` (or any mapping of field name to value)
    taken before the change.
    """
    after = snapshot(instance_after, fields)
    before = {name: _jsonable(instance_before_dict.get(name)) for name in after}
    return {name: [before[name], new] for name, new in after.items() if before[name] != new}


def record(
    *,
    actor: Any,
    organisation: Organisation | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    """Store who did ``action`` to ``target``. ``actor`` may be a user, anonymous or None
    (for the system, e.g. a management command). Record a deletion before deleting, while
    the target still has its id."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=user,
        actor_repr=str(user) if user else "",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:200],
        changes=_jsonable(dict(changes or {})),
        summary=summary,
    )


def save_form(*, actor: Any, organisation: Organisation | None, form: ModelForm[Any]) -> Any:
    """Save a valid ModelForm and record the creation, or the fields it changed.

    A form that changed nothing records nothing.
    """
    instance = form.instance
    fields = list(form.fields)
    with transaction.atomic():
        if instance._state.adding:
            saved = form.save()
            # A new record's empty fields say nothing worth keeping.
            values = snapshot(saved, fields).items()
            action, changes = "create", {k: [None, v] for k, v in values if v not in ("", None)}
        else:
            # The form already copied its data onto the instance: read "before" from the database.
            before = snapshot(type(instance)._default_manager.get(pk=instance.pk), fields)
            saved = form.save()
            action, changes = "update", diff_fields(before, saved, fields)
        if changes:
            record(
                actor=actor, organisation=organisation, action=action, target=saved, changes=changes
            )
    return saved

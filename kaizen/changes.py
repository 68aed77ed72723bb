"""Describing a change to a record and announcing it for the audit trail.

The audit app sits above accounts (its events point at organisations and people), yet
accounts' changes belong on the trail too. So a change is announced here, with the
``change_made`` signal, and the audit app records every announcement in the same transaction
(AuditConfig.ready). This module imports no app, so any app may use it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.dispatch import Signal
from django.forms import ModelForm

change_made = Signal()


def announce(
    *,
    actor: Any,
    organisation: models.Model | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> None:
    """Put ``action`` on ``target`` on the audit trail. ``actor`` may be a user, anonymous or
    None (the system); announce a deletion before deleting, while the target has its id."""
    change_made.send(
        sender=type(target),
        actor=actor,
        organisation=organisation,
        action=action,
        target=target,
        changes=changes,
        summary=summary,
    )


def save_form(*, actor: Any, organisation: models.Model | None, form: ModelForm[Any]) -> Any:
    """Save a valid ModelForm and announce the creation, or the fields it changed; a form that
    changed nothing announces nothing."""
    with transaction.atomic():
        saved, action, changes = save_form_changes(form)
        if changes:
            announce(
                actor=actor, organisation=organisation, action=action, target=saved, changes=changes
            )
    return saved


def jsonable(value: Any) -> Any:
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
            values[name] = jsonable(field.value_from_object(instance))  # type: ignore[union-attr]
    return values


def diff_fields(
    instance_before_dict: Mapping[str, Any], instance_after: models.Model, fields: Iterable[str]
) -> dict[str, list[Any]]:
    """{field: [old, new]} for each of ``fields`` whose value changed.

    ``instance_before_dict`` is a :func:`snapshot` (or any mapping of field name to value)
    taken before the change.
    """
    after = snapshot(instance_after, fields)
    before = {name: jsonable(instance_before_dict.get(name)) for name in after}
    return {name: [before[name], new] for name, new in after.items() if before[name] != new}


class StaleEdit(ValidationError):
    """Someone else saved the record since this person opened it (an optimistic lock's
    refusal). A ValidationError, so views show it like any other refusal (kaizen.web)."""

    message = (
        "Someone else changed this while you were editing it. Your changes were not saved: "
        "reload the page to see theirs, then make your changes again."
    )

    def __init__(self, message: str = message) -> None:
        super().__init__(message)


def save_form_changes(form: ModelForm[Any]) -> tuple[Any, str, dict[str, list[Any]]]:
    """Save a valid ModelForm; return the record, "create" or "update", and {field: [old, new]}
    (empty when nothing changed). Call it inside the transaction that records the change."""
    instance = form.instance
    fields = list(form.fields)
    if instance._state.adding:
        saved = form.save()
        # A new record's empty fields say nothing worth keeping.
        values = snapshot(saved, fields).items()
        return saved, "create", {k: [None, v] for k, v in values if v not in ("", None)}
    # The form already copied its data onto the instance: read "before" from the database.
    before = snapshot(type(instance)._default_manager.get(pk=instance.pk), fields)
    saved = form.save()
    return saved, "update", diff_fields(before, saved, fields)

"""Accounts' hooks for the apps above it: a new organisation gets every app's defaults, and
changes are announced for the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.forms import ModelForm

from kaizen.accounts.models import Organisation
from kaizen.changes import save_form_changes
from kaizen.registry import install_defaults


def organisation_saved(
    sender: type[Organisation], *, instance: Organisation, created: bool, raw: bool, **kwargs: Any
) -> None:
    # Fixtures loaded raw describe whole databases, defaults included.
    if created and not raw:
        install_defaults(organisation=instance)


# Accounts' changes (invitations, memberships, units...) belong on the audit trail, but the
# audit app sits above accounts (its events point at organisations and people), so accounts
# announces each change and the audit app records it, in the same transaction.
change_made = Signal()


def announce(
    *,
    actor: Any,
    organisation: Organisation | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> None:
    """Announce a change for the audit trail; the arguments are kaizen.audit.services.record's."""
    change_made.send(
        sender=type(target),
        actor=actor,
        organisation=organisation,
        action=action,
        target=target,
        changes=changes,
        summary=summary,
    )


def save_form(*, actor: Any, organisation: Organisation | None, form: ModelForm[Any]) -> Any:
    """Save a valid ModelForm and announce the creation, or the fields it changed; a form that
    changed nothing announces nothing."""
    with transaction.atomic():
        saved, action, changes = save_form_changes(form)
        if changes:
            announce(
                actor=actor, organisation=organisation, action=action, target=saved, changes=changes
            )
    return saved

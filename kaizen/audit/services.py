"""One call to put a change on the audit trail, from any app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent
from kaizen.changes import jsonable


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
        changes=jsonable(dict(changes or {})),
        summary=summary,
    )


def record_announced(sender: object, *, signal: object, **change: Any) -> None:
    """kaizen.changes.change_made's receiver: the announced change goes on the trail."""
    record(**change)

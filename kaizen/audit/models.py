"""The audit trail: who created and changed what, inside which organisation."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from kaizen.accounts.models import Organisation


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_organisation(self, organisation: Organisation) -> AuditEventQuerySet:
        return self.filter(organisation=organisation)

    def filtered(
        self, *, actor_id: int | None = None, action: str = "", target_type: str = ""
    ) -> AuditEventQuerySet:
        events = self
        if actor_id:
            events = events.filter(actor_id=actor_id)
        if action:
            events = events.filter(action=action)
        if target_type:
            events = events.filter(target_type=target_type)
        return events


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        IMPORT = "import", "Imported"
        INVITE = "invite", "Invited"
        JOIN = "join", "Joined"
        REVOKE = "revoke", "Revoked"

    # Events stay with their organisation: deleting an organisation deletes its history too.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    # A deleted user's changes stay on record under the name they had then (actor_repr).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_repr = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    target_type = models.CharField(max_length=100)  # the model's label, e.g. "measures.measure"
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    # {field: [old, new]} for the fields that changed; JSON-friendly values only.
    changes = models.JSONField(default=dict, blank=True)
    summary = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_org_recent")]

    def __str__(self) -> str:
        return (
            f"{self.actor_repr or 'System'} {self.get_action_display().lower()} {self.target_repr}"
        )

    @property
    def target_label(self) -> str:
        """The kind of record changed, for people: "accounts.orgunit" → "Unit"."""
        try:
            return str(apps.get_model(self.target_type)._meta.verbose_name).capitalize()
        except (LookupError, ValueError):  # a model since removed, or not a model label
            return self.target_type.rpartition(".")[2].capitalize()

    def change_lines(self) -> list[str]:
        """The changes for people: "name: Ward 7 → Ward 7B", or "rows: 5" for a plain value
        (an import's counts, say)."""
        return [
            f"{field.replace('_', ' ')}: {_describe(change)}"
            for field, change in self.changes.items()
        ]


def _describe(change: object) -> str:
    if isinstance(change, list) and len(change) == 2:
        old, new = (_shown(value) for value in change)
        return f"{old} → {new}"
    return _shown(change)


def _shown(value: object) -> str:
    return "–" if value is None or value == "" else str(value)

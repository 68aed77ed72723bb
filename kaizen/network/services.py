"""Sharing a project's learning, and taking it down."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.network.models import Network, SharedItem
from kaizen.network.snapshot import project_snapshot, texts
from kaizen.privacy.screening import describe, find_patient_data
from kaizen.projects.models import Project


def share_project(
    *, project: Project, by: User, reach: str, network: Network | None = None
) -> SharedItem:
    """Publish the project's snapshot at ``reach``, replacing what it shared before there.
    Refused, naming the field, if any text in it looks patient-identifiable."""
    if reach not in SharedItem.Reach.values:
        raise ValidationError({"reach": "Choose who may read it."})
    if reach == SharedItem.Reach.NETWORK and (
        network is None or not network.organisations.filter(pk=project.organisation_id).exists()
    ):
        raise ValidationError({"network": "Choose a network your organisation belongs to."})
    snapshot = project_snapshot(project)
    pattern = project.organisation.hospital_number_pattern
    problems = [
        f"{where}: {describe(findings)}"
        for where, text in texts(snapshot)
        if (findings := find_patient_data(text, hospital_number_pattern=pattern))
    ]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        SharedItem.objects.live().filter(project=project, reach=reach, network=network).update(
            unshared_at=timezone.now()
        )
        item = SharedItem.objects.create(
            organisation=project.organisation,
            project=project,
            reach=reach,
            network=network if reach == SharedItem.Reach.NETWORK else None,
            title=project.title,
            snapshot=snapshot,
            search_text=" ".join(text for _, text in texts(snapshot)),
            shared_by=by,
            published_at=timezone.now(),
        )
        record(
            actor=by,
            organisation=project.organisation,
            action=AuditEvent.Action.CREATE,
            target=item,
            summary=f"Shared “{project.title}” with {item.get_reach_display().lower()}",
        )
    return item


def unshare(*, item: SharedItem, by: User) -> None:
    with transaction.atomic():
        SharedItem.objects.filter(pk=item.pk).update(unshared_at=timezone.now())
        record(
            actor=by,
            organisation=item.organisation,
            action=AuditEvent.Action.REVOKE,
            target=item,
            summary=f"Stopped sharing “{item.title}”",
        )

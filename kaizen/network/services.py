"""Sharing a project's, a change idea's or a closed cycle's learning, and taking it down."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.network.models import Network, SharedItem
from kaizen.network.snapshot import cycle_snapshot, idea_snapshot, project_snapshot, texts
from kaizen.privacy.screening import describe, find_patient_data
from kaizen.projects.models import ChangeIdea, PDSACycle, Project


def share_project(
    *, project: Project, by: User, reach: str, network: Network | None = None
) -> SharedItem:
    """Publish the project's snapshot at ``reach``, replacing what it shared before there.
    Refused, naming the field, if any text in it looks patient-identifiable."""
    return _publish(
        organisation=project.organisation,
        by=by,
        reach=reach,
        network=network,
        snapshot=project_snapshot(project),
        source={"project": project, "kind": SharedItem.Kind.PROJECT},
    )


def share_idea(
    *, idea: ChangeIdea, by: User, reach: str, network: Network | None = None
) -> SharedItem:
    """Share one change idea with its PDSA ramp and verdicts, without the rest of its project."""
    return _publish(
        organisation=idea.project.organisation,
        by=by,
        reach=reach,
        network=network,
        snapshot=idea_snapshot(idea),
        source={"idea": idea, "kind": SharedItem.Kind.IDEA},
    )


def share_cycle(
    *, cycle: PDSACycle, by: User, reach: str, network: Network | None = None
) -> SharedItem:
    """Share what one closed cycle taught."""
    if cycle.closed_on is None:
        raise ValidationError("Only a closed cycle's learning can be shared: close it first.")
    return _publish(
        organisation=cycle.idea.project.organisation,
        by=by,
        reach=reach,
        network=network,
        snapshot=cycle_snapshot(cycle),
        source={"cycle": cycle, "kind": SharedItem.Kind.CYCLE},
    )


def _publish(
    *,
    organisation: Organisation,
    by: User,
    reach: str,
    network: Network | None,
    snapshot: dict[str, Any],
    source: dict[str, Any],
) -> SharedItem:
    if reach not in SharedItem.Reach.values:
        raise ValidationError({"reach": "Choose who may read it."})
    if reach == SharedItem.Reach.NETWORK and (
        network is None or not network.organisations.filter(pk=organisation.pk).exists()
    ):
        raise ValidationError({"network": "Choose a network your organisation belongs to."})
    refuse_patient_data(snapshot, organisation)
    network = network if reach == SharedItem.Reach.NETWORK else None
    with transaction.atomic():
        SharedItem.objects.live().filter(reach=reach, network=network, **source).update(
            unshared_at=timezone.now()
        )
        item = SharedItem.objects.create(
            organisation=organisation,
            reach=reach,
            network=network,
            title=snapshot["title"],
            snapshot=snapshot,
            search_text=" ".join(text for _, text in texts(snapshot)),
            shared_by=by,
            published_at=timezone.now(),
            **source,
        )
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.CREATE,
            target=item,
            summary=f"Shared “{item.title}” with {item.get_reach_display().lower()}",
        )
    return item


def refuse_patient_data(snapshot: dict[str, Any], organisation: Organisation) -> None:
    """Refuse, naming where, any text of a snapshot that looks patient-identifiable: the live
    records were screened as they were typed, but an old record may predate the screen."""
    pattern = organisation.hospital_number_pattern
    problems = [
        f"{where}: {describe(findings)}"
        for where, text in texts(snapshot)
        if (findings := find_patient_data(text, hospital_number_pattern=pattern))
    ]
    if problems:
        raise ValidationError(problems)


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

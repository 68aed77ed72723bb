"""Sharing a project's, a change idea's or a closed cycle's learning, an improvement story or a
kaizen event's report, and taking it down."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.engagement.models import Story
from kaizen.events.models import Event
from kaizen.network.models import NamedPerson, Network, SharedItem
from kaizen.network.naming import take_names
from kaizen.network.report_snapshots import event_snapshot, story_snapshot
from kaizen.network.search import index_item, search_text, texts
from kaizen.network.snapshot import cycle_snapshot, idea_snapshot, project_snapshot
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


def share_story(
    *, story: Story, by: User, reach: str, network: Network | None = None
) -> SharedItem:
    """Share a published story, in its author's words (its photos stay in the organisation)."""
    if story.status != Story.Status.APPROVED:
        raise ValidationError("Only a story published for everyone can be shared: approve it.")
    return _publish(
        organisation=story.organisation,
        by=by,
        reach=reach,
        network=network,
        snapshot=story_snapshot(story),
        source={"story": story, "kind": SharedItem.Kind.STORY},
    )


def share_event(
    *, event: Event, by: User, reach: str, network: Network | None = None
) -> SharedItem:
    """Share a kaizen event's or RPIW's report: once it has something to report."""
    if not event.report_outs.exists():
        raise ValidationError("Record a report-out first: the report is made of them.")
    return _publish(
        organisation=event.organisation,
        by=by,
        reach=reach,
        network=network,
        snapshot=event_snapshot(event),
        source={"event": event, "kind": SharedItem.Kind.EVENT},
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
    named = take_names(snapshot)
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
            search_text=search_text(snapshot),
            shared_by=by,
            published_at=timezone.now(),
            **source,
        )
        NamedPerson.objects.bulk_create(
            NamedPerson(item=item, user_id=user_id, name=name) for user_id, name in named
        )
        index_item(item)
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

"""Networks as their people run them: an installation admin creates a network and invites
organisations; each organisation's admins accept or decline, and may leave later; the
installation admin or a coordinator names coordinators from member organisations. Every step
is on the audit trail: the invited organisation's for what concerns it, the installation's
(no organisation) for the network itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.activity.models import Notification
from kaizen.activity.services import notify
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.changes import diff_fields, snapshot
from kaizen.network.comparison import measure_unshare
from kaizen.network.models import MeasureShare, Network, NetworkInvitation

NETWORK_FIELDS = ("name", "kind", "description")


def network_save(*, network: Network, by: User | None, values: dict[str, Any]) -> Network:
    creating = network.pk is None
    before = snapshot(network, NETWORK_FIELDS)
    for name in NETWORK_FIELDS:
        setattr(network, name, values[name])
    with transaction.atomic():
        network.save()
        record(
            actor=by,
            organisation=None,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            target=network,
            changes=None if creating else diff_fields(before, network, NETWORK_FIELDS),
            summary=f"{'Created' if creating else 'Changed'} the network “{network.name}”",
        )
    return network


def invite(*, network: Network, organisation: Organisation, by: User | None) -> NetworkInvitation:
    """Ask an organisation to join; its admins hear of it in their inbox. ``by`` is None for
    the system (the demo, a management command)."""
    if network.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(f"{organisation.name} is already a member of {network.name}.")
    if pending(network).filter(organisation=organisation).exists():
        raise ValidationError(f"{organisation.name} has already been invited and not answered.")
    with transaction.atomic():
        invitation = NetworkInvitation.objects.create(
            network=network, organisation=organisation, invited_by=by, invited_at=timezone.now()
        )
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.INVITE,
            target=invitation,
            summary=f"Invited {organisation.name} to join the network “{network.name}”",
        )
        notify(
            organisation=organisation,
            target=invitation,
            # The nearest kind there is: joining something (activity's kinds are its own).
            kind=Notification.Kind.NETWORK,
            text=f"{organisation.name} is invited to join the network “{network.name}”",
            url=reverse("network:networks", kwargs={"org": organisation.slug}),
            skip=[by],
            recipients=admins(organisation),
        )
    return invitation


def answer(*, invitation: NetworkInvitation, by: User, accept: bool) -> NetworkInvitation:
    if invitation.status != NetworkInvitation.Status.PENDING:
        raise ValidationError("This invitation has already been answered.")
    network, organisation = invitation.network, invitation.organisation
    with transaction.atomic():
        invitation.status = (
            NetworkInvitation.Status.ACCEPTED if accept else NetworkInvitation.Status.DECLINED
        )
        invitation.answered_by, invitation.answered_at = by, timezone.now()
        invitation.save(update_fields=["status", "answered_by", "answered_at"])
        if accept:
            network.organisations.add(organisation)
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.JOIN if accept else AuditEvent.Action.UPDATE,
            target=invitation,
            summary=f"{'Joined' if accept else 'Declined to join'} the network “{network.name}”",
        )
    return invitation


def leave(*, network: Network, organisation: Organisation, by: User) -> None:
    """The organisation leaves; its people stop coordinating the network unless another member
    organisation still counts them in, and its measures' live values stop reaching the
    network's comparisons. What it published to the network (reviewed snapshots) stays until
    its owners unshare it, as any published item does."""
    if not network.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(f"{organisation.name} is not a member of {network.name}.")
    with transaction.atomic():
        network.organisations.remove(organisation)
        shares = MeasureShare.objects.filter(
            organisation=organisation, network_measure__network=network
        )
        for share in shares.select_related("measure", "organisation"):
            measure_unshare(share=share, by=by)
        network.coordinators.remove(*network.coordinators.exclude(pk__in=eligible(network)))
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.DELETE,
            target=network,
            summary=f"{organisation.name} left the network “{network.name}”",
        )


def coordinator_add(*, network: Network, user: User, by: User) -> None:
    if not eligible(network).filter(pk=user.pk).exists():
        raise ValidationError("Choose a person from one of the network's member organisations.")
    with transaction.atomic():
        network.coordinators.add(user)
        record(
            actor=by,
            organisation=None,
            action=AuditEvent.Action.UPDATE,
            target=network,
            summary=f"Named {user} a coordinator of the network “{network.name}”",
        )


def coordinator_remove(*, network: Network, user: User, by: User) -> None:
    with transaction.atomic():
        network.coordinators.remove(user)
        record(
            actor=by,
            organisation=None,
            action=AuditEvent.Action.UPDATE,
            target=network,
            summary=f"{user} no longer coordinates the network “{network.name}”",
        )


def eligible(network: Network) -> Any:
    """People of the network's member organisations: the only ones who may coordinate it."""
    return User.objects.filter(
        memberships__organisation__in=network.organisations.all(), is_active=True
    ).distinct()


def nominable_by(user: User, network: Network) -> Any:
    """Whom ``user`` may name: anyone eligible for the installation admin; for a coordinator,
    people of the member organisations they belong to themselves, so that running a network
    does not open another organisation's staff list."""
    people = eligible(network)
    if user.is_superuser:
        return people
    own = network.organisations.filter(memberships__user=user)
    return people.filter(memberships__organisation__in=own)


def pending(network: Network) -> Any:
    return network.invitations.filter(status=NetworkInvitation.Status.PENDING)


def admins(organisation: Organisation) -> list[User]:
    members = Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
    return [membership.user for membership in members.select_related("user")]

"""Changes to organisations and their people that touch several models, each audit-logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgUnit,
    User,
    email_domains,
)
from kaizen.accounts.roles import Role
from kaizen.changes import announce, diff_fields, snapshot

INVITATION_SALT = "kaizen.accounts.invitation"
INVITATION_MAX_AGE = timedelta(days=7)


class InvitationError(Exception):
    """An invitation link that cannot be used; the message says why, for the invitee."""


class LastAdminError(Exception):
    """The change would leave the organisation without an admin to manage it."""


class UnitInUseError(Exception):
    """The unit still has units below it or records that depend on it."""


# Invitations -----------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points at, if the link is genuine, unexpired and unused."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvitationError("This invitation has expired.") from error
    except signing.BadSignature as error:
        raise InvitationError("This invitation link is not valid.") from error
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError("This invitation has been withdrawn.")
    if invitation.accepted_at is not None:
        raise InvitationError("This invitation has already been used.")
    return invitation


def invite(
    *,
    actor: User | None,
    organisation: Organisation,
    email: str,
    role: Role,
    unit: OrgUnit | None,
    absolute_url: Callable[[str], str],
) -> Invitation:
    """Invite ``email`` and email them the link; an earlier pending invitation stops working.

    ``absolute_url`` turns a path into a full URL (e.g. ``request.build_absolute_uri``).
    """
    email = email.strip().lower()
    with transaction.atomic():
        organisation.invitations.pending().filter(email=email).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, unit=unit, invited_by=actor
        )
        announce(
            actor=actor,
            organisation=organisation,
            action="invite",
            target=invitation,
            changes={"email": [None, email], "role": [None, role]},
        )
    link = absolute_url(reverse("accounts:accept_invitation", args=[invitation_token(invitation)]))
    context = {"invitation": invitation, "link": link, "days": INVITATION_MAX_AGE.days}
    send_mail(
        subject=f"You are invited to join {organisation.name} on {settings.SITE_NAME}",
        message=render_to_string("accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    announce(
        actor=actor,
        organisation=invitation.organisation,
        action="revoke",
        target=invitation,
    )


def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Make ``user`` a member as the invitation says, and use the invitation up."""
    with transaction.atomic():
        # Lock the row so two simultaneous clicks cannot both use it.
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable:
            raise InvitationError("This invitation has already been used.")
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=locked.organisation,
            defaults={"role": locked.role, "unit": locked.unit},
        )
        if created:
            announce(
                actor=user,
                organisation=locked.organisation,
                action="join",
                target=membership,
                changes={"role": [None, locked.role]},
                summary=f"Accepted the invitation sent to {locked.email}",
            )
    return membership


def register_from_invitation(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the invitee's account and membership together."""
    with transaction.atomic():
        user = User.objects.create_user(invitation.email, password, full_name=full_name)
        accept_invitation(invitation=invitation, user=user)
    return user


# Members ---------------------------------------------------------------------------------


def _is_last_admin(membership: Membership) -> bool:
    if membership.role != Role.ADMIN:
        return False
    admins = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
    return not admins.exclude(pk=membership.pk).exists()


def change_membership(
    *, actor: User, membership: Membership, role: Role, unit: OrgUnit | None
) -> None:
    # Compare with the stored row: a bound ModelForm has already changed ``membership``.
    stored = Membership.objects.get(pk=membership.pk)
    if role != Role.ADMIN and _is_last_admin(stored):
        raise LastAdminError("An organisation needs at least one admin.")
    before = snapshot(stored, ["role", "unit"])
    membership.role, membership.unit = role, unit
    membership.save(update_fields=["role", "unit"])
    if changes := diff_fields(before, membership, ["role", "unit"]):
        announce(
            actor=actor,
            organisation=membership.organisation,
            action="update",
            target=membership,
            changes=changes,
        )


def remove_membership(*, actor: User, membership: Membership) -> None:
    if _is_last_admin(membership):
        raise LastAdminError("An organisation needs at least one admin.")
    announce(
        actor=actor,
        organisation=membership.organisation,
        action="delete",
        target=membership,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


# Hierarchy -------------------------------------------------------------------------------


def delete_unit(*, actor: User, unit: OrgUnit) -> None:
    # Units cascade to their children; refusing here keeps one click from deleting a division.
    if unit.children.exists():
        raise UnitInUseError(f"Move or delete the units under {unit} first.")
    with transaction.atomic():
        announce(
            actor=actor,
            organisation=unit.organisation,
            action="delete",
            target=unit,
            changes={"name": [unit.name, None]},
        )
        try:
            unit.delete()
        except ProtectedError as error:
            raise UnitInUseError(f"{unit} still has records that belong to it.") from error


# Organisations ---------------------------------------------------------------------------


def create_organisation(
    *,
    name: str,
    slug: str,
    kind: str,
    admin_email: str,
    absolute_url: Callable[[str], str],
) -> tuple[Organisation, Invitation]:
    """A new organisation, with its first admin invited by email."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
        announce(actor=None, organisation=organisation, action="create", target=organisation)
    invitation = invite(
        actor=None,
        organisation=organisation,
        email=admin_email,
        role=Role.ADMIN,
        unit=None,
        absolute_url=absolute_url,
    )
    return organisation, invitation


# ---------------------------------------------------------------------------------------------
# Just-in-time membership by single sign-on


def organisations_joined_by(email: str) -> list[Organisation]:
    """The organisations that let people with ``email``'s domain join by single sign-on."""
    domain = email.rpartition("@")[2].lower()
    return [
        organisation
        for organisation in Organisation.objects.exclude(sso_domains="")
        if domain in email_domains(organisation.sso_domains)
    ]


def sso_account_create(*, email: str, full_name: str) -> User | None:
    """The account of a person whose verified address an organisation lets join, made on
    their first sign-in by single sign-on (with no password: they sign in through the
    provider, or set one by the reset email); None when no organisation lets them join."""
    if not organisations_joined_by(email):
        return None
    with transaction.atomic():
        user = User.objects.create_user(email, None, full_name=full_name[:200])
        sso_memberships_join(user=user)
    return user


def sso_memberships_join(*, user: User) -> list[Membership]:
    """Make ``user`` a member of each organisation their address's domain joins them to, with
    its joining role; a membership they have already (and its role) stays as it is."""
    joined = []
    with transaction.atomic():
        for organisation in organisations_joined_by(user.email):
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": organisation.sso_role}
            )
            if created:
                announce(
                    actor=user,
                    organisation=organisation,
                    action="create",
                    target=membership,
                    changes={"role": [None, membership.role]},
                    summary=f"{user.email} joined as {membership.get_role_display()} by single "
                    "sign-on (the organisation lets their email domain join)",
                )
                joined.append(membership)
    return joined

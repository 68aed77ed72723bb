"""Who is named in shared learning: staff only with their consent, patient partners never.

A snapshot lists the people behind the work as ``{"part", "name"}``: their part (project lead,
team lead, their role) always, their name only when they may be named. While a snapshot is
built each named entry also carries the account's id under ``"user"``; publishing takes those
ids out (``take_names``) and keeps them beside the snapshot as NamedPerson rows.

Withdrawing consent redacts rather than republishes: republishing would publish whatever the
owner changed since, which only the owner may decide, and would leave the name public until
they did. So the name is blanked in every snapshot that holds it, wherever it is shared, at
once, and the rest of each snapshot stays exactly as its owner reviewed it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.network.models import NamedPerson, NamingConsent, SharedItem
from kaizen.network.search import index_item, search_text

Person = dict[str, Any]


class Namer:
    """Names the people of one organisation's snapshots, as their consents stand now."""

    def __init__(self, organisation: Organisation) -> None:
        memberships = Membership.objects.filter(organisation=organisation)
        self.roles = dict(memberships.values_list("user_id", "role"))
        consents = NamingConsent.objects.filter(organisation=organisation)
        self.consenting = set(consents.values_list("user_id", flat=True))

    def may_name(self, user: User) -> bool:
        role = self.roles.get(user.pk)
        return role not in (None, Role.PATIENT_PARTNER) and user.pk in self.consenting

    def role_of(self, user: User) -> str:
        role = self.roles.get(user.pk)
        if role is None:
            return "Former member"
        return "Member of staff" if role == Role.STAFF else str(Role(role).label)

    def person(self, part: str, user: User | None, *, patient_partner: bool = False) -> Person:
        """``part`` always; the name only of a member who consented and is no patient
        partner (``patient_partner`` marks one who is a partner in this work whatever their
        role)."""
        if user is None or patient_partner or not self.may_name(user):
            return {"part": part, "name": ""}
        return {"part": part, "name": user.display_name, "user": user.pk}

    def member(self, user: User) -> Person:
        """Someone whose part is their role in the organisation."""
        return self.person(self.role_of(user), user)


def take_names(snapshot: dict[str, Any]) -> list[tuple[int, str]]:
    """Remove the account ids from the snapshot's people, returning who it names."""
    named = []
    for person in snapshot.get("people", []):
        user_id = person.pop("user", None)
        if user_id is not None and person["name"]:
            named.append((user_id, person["name"]))
    return named


def consents(user: User, organisation: Organisation) -> bool:
    return NamingConsent.objects.filter(user=user, organisation=organisation).exists()


def consent_give(*, user: User, organisation: Organisation) -> None:
    membership = user.membership_in(organisation)
    if membership is None:
        raise ValidationError("Only a member of the organisation can agree to be named by it.")
    if membership.role == Role.PATIENT_PARTNER:
        raise ValidationError(
            "Kaizen never names patient partners in shared learning, so there is nothing to "
            "agree to: you are shown as a patient partner."
        )
    with transaction.atomic():
        _, created = NamingConsent.objects.get_or_create(
            user=user, organisation=organisation, defaults={"given_at": timezone.now()}
        )
        if created:
            record(
                actor=user,
                organisation=organisation,
                action=AuditEvent.Action.CREATE,
                target=user,
                summary=f"{user.display_name} agreed to be named in shared learning",
            )


def consent_withdraw(*, user: User, organisation: Organisation) -> int:
    """Withdraw the consent and blank the name in every snapshot of the organisation that
    holds it; returns how many snapshots were redacted."""
    with transaction.atomic():
        deleted, _ = NamingConsent.objects.filter(user=user, organisation=organisation).delete()
        redacted = redact(user, organisation)
        if deleted:
            record(
                actor=user,
                organisation=organisation,
                action=AuditEvent.Action.REVOKE,
                target=user,
                summary=f"{user.display_name} withdrew consent to be named in shared learning "
                f"({redacted} shared items redacted)",
            )
    return redacted


def redact(user: User, organisation: Organisation) -> int:
    """Blank the person's name in the snapshots naming them (taken-down ones too: they are
    kept, and a name should not outlive consent anywhere). Two people of one name in one
    snapshot are both blanked, erring on the side of the one who withdrew."""
    namings = NamedPerson.objects.filter(user=user, item__organisation=organisation)
    items = SharedItem.objects.filter(named__in=namings).distinct()
    names = set(namings.values_list("name", flat=True))
    count = 0
    for item in items:
        for person in item.snapshot.get("people", []):
            if person.get("name") in names:
                person["name"] = ""
        item.search_text = search_text(item.snapshot)
        item.save(update_fields=["snapshot", "search_text"])
        index_item(item)
        count += 1
    namings.delete()
    return count

"""Staff compacts: versions published by leaders, acknowledged by the group's members; the
rate per unit for everyone, and who has not yet acknowledged for their managers only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Capability, Role
from kaizen.activity.services import notify, record_event
from kaizen.audit.models import AuditEvent
from kaizen.engagement.models import Acknowledgement, Compact, CompactVersion
from kaizen.privacy.forms import validate_free_text


def compacts_url(organisation: Organisation) -> str:
    return reverse("engagement:compacts", args=[organisation.slug])


def group(compact: Compact) -> QuerySet[Membership]:
    """The memberships the compact is agreed with."""
    members = Membership.objects.filter(organisation_id=compact.organisation_id)
    if compact.role:
        members = members.filter(role=compact.role)
    if compact.unit is not None:
        members = members.filter(unit_id__in=compact.unit.subtree_ids())
    return members


def compact_publish(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    organisation_gives: str,
    group_gives: str,
    role: str = "",
    unit: OrgUnit | None = None,
) -> CompactVersion:
    """A new compact, or the next version of the one of that name: its group is asked again."""
    if not (name.strip() and organisation_gives.strip() and group_gives.strip()):
        raise ValidationError("Name the compact and write both sides: what each gives.")
    if role and role not in Role.values:
        raise ValidationError({"role": "Choose a role from the list."})
    for text in (name, organisation_gives, group_gives):
        validate_free_text(text, organisation=organisation)
    with transaction.atomic():
        compact, _ = Compact.objects.get_or_create(
            organisation=organisation, name=name.strip(), defaults={"role": role, "unit": unit}
        )
        latest = compact.versions.first()
        version = CompactVersion.objects.create(
            compact=compact,
            number=(latest.number + 1) if latest else 1,
            organisation_gives=organisation_gives.strip(),
            group_gives=group_gives.strip(),
        )
        url = compacts_url(organisation)
        record_event(
            actor=actor,
            organisation=organisation,
            target=compact,
            action=AuditEvent.Action.CREATE,
            text=f"{compact.name}: version {version.number} published",
            url=url,
        )
        notify(
            organisation=organisation,
            target=compact,
            kind="engagement",
            text=f"Please read and acknowledge {version}",
            url=url,
            recipients=[m.user for m in group(compact).select_related("user")],
            skip=[actor],
        )
    return version


def acknowledge(*, member: Membership, version: CompactVersion) -> Acknowledgement:
    if version.compact.organisation_id != member.organisation_id:
        raise ValidationError("No such compact.")
    if version != version.compact.versions.first():
        raise ValidationError("A newer version has been published: acknowledge that one.")
    if not group(version.compact).filter(pk=member.pk).exists():
        raise ValidationError("This compact is agreed with another group.")
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(version=version, member=member.user)
    except IntegrityError as error:
        raise ValidationError("You have already acknowledged this version.") from error


@dataclass(frozen=True)
class Rate:
    name: str
    acknowledged: int
    members: int

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.members) if self.members else 0


def rates(version: CompactVersion) -> tuple[Rate, list[Rate]]:
    """The acknowledgement rate over the group and per unit."""
    done = set(version.acknowledgements.values_list("member_id", flat=True))
    members = list(group(version.compact).select_related("unit"))
    total, acked = Counter[str](), Counter[str]()
    for membership in members:
        name = str(membership.unit or "No unit")
        total[name] += 1
        acked[name] += membership.user_id in done
    overall = Rate("Everyone in the group", sum(acked.values()), len(members))
    return overall, [Rate(name, acked[name], total[name]) for name in sorted(total)]


def not_yet_acknowledged(version: CompactVersion, manager: Membership) -> list[Membership]:
    """Who has not acknowledged, for a manager: members in the manager's unit and below (an
    admin's: everyone). Nobody else sees the names."""
    if manager.role == Role.ADMIN:
        scope = group(version.compact)
    elif manager.can(Capability.LEAD_ENGAGEMENT) and manager.unit is not None:
        scope = group(version.compact).filter(unit_id__in=manager.unit.subtree_ids())
    else:
        return []
    done = version.acknowledgements.values("member_id")
    return list(scope.exclude(user_id__in=done).select_related("user", "unit"))

"""Who may curate a change package and who may put a measure into a network's comparison.

Curating is the improvement method's work: an organisation's coaches and admins (the capability
to manage the method) curate for it, and a network's coordinators for their network. A measure's
values leave the organisation only by someone who may change its definition.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from kaizen.accounts.models import Membership, User
from kaizen.accounts.permissions import OrgRequest, require
from kaizen.accounts.roles import Capability
from kaizen.measures.models import Measure
from kaizen.measures.permissions import can_define
from kaizen.network.models import ChangePackage, Network


def coordinates(membership: Membership, network: Network | None) -> bool:
    return network is not None and network.coordinators.filter(pk=membership.user_id).exists()


def can_curate(membership: Membership, package: ChangePackage) -> bool:
    if coordinates(membership, package.network):
        return True
    return package.organisation_id == membership.organisation_id and membership.can(
        Capability.MANAGE_METHOD
    )


def can_start_package(membership: Membership) -> bool:
    """Coaches and admins, or a coordinator of any of the organisation's networks."""
    if membership.can(Capability.MANAGE_METHOD):
        return True
    return membership.organisation.networks.filter(coordinators=membership.user_id).exists()


def require_curate(request: OrgRequest, package: ChangePackage) -> None:
    require(
        can_curate(request.membership, package),
        "Only the package's organisation's improvement coaches and admins, and its network's "
        "coordinators, can publish a new version of it.",
    )


def require_start_package(request: OrgRequest) -> None:
    require(
        can_start_package(request.membership),
        "Only improvement coaches, organisation admins and network coordinators curate change "
        "packages.",
    )


def require_share_measure(request: OrgRequest, measure: Measure) -> None:
    require(
        can_define(request.membership, measure),
        "Only this measure's owner, improvement coaches and organisation admins can share its "
        "values with a network.",
    )


def is_installation_admin(user: User | AnonymousUser) -> bool:
    """The project marks an installation admin as a superuser (as bulk uploads and failed
    tasks do): they create networks and invite organisations."""
    return bool(user.is_superuser)


def runs_network(user: User | AnonymousUser, network: Network) -> bool:
    """The installation admin or one of the network's coordinators: they name coordinators
    and see the invitations waiting for an answer."""
    return is_installation_admin(user) or network.coordinators.filter(pk=user.pk or 0).exists()

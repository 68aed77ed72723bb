"""The one way views reach an organisation: through the signed-in user's membership of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import STEWARDS, Capability, Role


class OrgRequest(HttpRequest):
    """A request that passed org_member_required: the organisation and the member's role."""

    user: User
    organisation: Organisation
    membership: Membership
    htmx: HtmxDetails  # set by django_htmx's middleware on every request


OrgView = Callable[..., HttpResponse]


def org_member_required(capability: Capability = Capability.VIEW) -> Callable[[OrgView], OrgView]:
    """Resolve the URL's ``org`` slug to an organisation the user belongs to, or 404.

    A non-member gets 404 rather than 403 so that private organisations' names cannot be
    probed; a member whose role lacks ``capability`` gets 403.
    """

    def decorator(view: OrgView) -> OrgView:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            slug = kwargs.pop("org")
            organisation = get_object_or_404(Organisation, slug=slug)
            membership = Membership.objects.filter(
                user_id=request.user.pk or 0, organisation=organisation
            ).first()
            if membership is None:
                raise Http404("No such organisation")
            if not membership.can(capability):
                raise PermissionDenied(f"Your role cannot {capability.value.replace('_', ' ')}")
            org_request: Any = request
            org_request.organisation = organisation
            org_request.membership = membership
            return view(org_request, *args, **kwargs)

        guarded = login_required(wrapper)
        # Lets a test prove that every URL under /o/<org>/ goes through this check.
        guarded.org_capability = capability  # type: ignore[attr-defined]
        return guarded

    return decorator


# ---------------------------------------------------------------------------------------------
# Who may change which record. The record-specific rules live in the owning app's own
# permissions module (kaizen/projects/permissions.py, kaizen/measures/permissions.py), built
# from these helpers, so that accounts never imports the apps above it.


class OrgRecord(Protocol):
    """Any record of an organisation (a project, a measure...), as the rules see it."""

    organisation_id: int


def in_scope(membership: Membership, record: OrgRecord, capability: Capability) -> bool:
    """Every record rule's first test: the record is the member's organisation's, and the
    member's role has the capability at all."""
    return record.organisation_id == membership.organisation_id and membership.can(capability)


def is_steward(membership: Membership) -> bool:
    """A coach or admin: may change any record their role's capabilities cover."""
    return membership.role in STEWARDS


def is_patient_partner(membership: Membership) -> bool:
    return membership.role == Role.PATIENT_PARTNER


def require(allowed: bool, why: str) -> None:
    """Refuse a forced request (a URL typed or a form replayed) with the styled 403 page; the
    page itself hides the controls of anything the person may not change."""
    if not allowed:
        raise PermissionDenied(why)

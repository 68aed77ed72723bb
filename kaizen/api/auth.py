"""How the API knows who is asking: a bearer token, or the browser's signed-in session, each
checked against the member's role now."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from kaizen.accounts.models import Membership, Organisation
from kaizen.accounts.roles import Capability
from kaizen.api.services import token_for


@dataclass(frozen=True)
class Caller:
    """Who the request acts as: a member of one organisation, with their role at this moment,
    and whether the credential allows changes at all (a read-only token does not)."""

    membership: Membership
    can_write: bool
    # AuthRateThrottle's cache key: one budget per token or per signed-in person (not per
    # address: a trust's scripts may share a proxy).
    key: str

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    def __str__(self) -> str:
        return self.key


class TokenAuth(HttpBearer):
    """An unknown, expired or revoked token is 401, as is a missing one."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = token_for(token)
        if found is None:
            return None
        token_row, membership = found
        return Caller(membership, can_write=token_row.can_write, key=f"token-{token_row.pk}")


# The header naming (by its slug) the organisation a signed-in person's request is for, when
# they belong to more than one; the interactive documentation page sends it.
ORGANISATION_HEADER = "X-Kaizen-Organisation"


class SessionAuth(APIKeyCookie):
    """The browser: the person signed in to Kaizen, acting in the organisation the
    X-Kaizen-Organisation header names, or in their only one. Any change needs the page's
    CSRF token (the X-CSRFToken header), exactly as a form does; without it, 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Caller | None:
        # Nobody signed in: no session to protect, so 401 (as without a token), not a 403 for
        # the missing CSRF token.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if not user.is_authenticated:
            return None
        memberships = Membership.objects.filter(user=user).select_related("organisation")
        if slug := request.headers.get(ORGANISATION_HEADER):
            memberships = memberships.filter(organisation__slug=slug)
        found = list(memberships[:2])
        if len(found) != 1:
            return None
        return Caller(found[0], can_write=True, key=f"session-{user.pk}")


def caller(request: HttpRequest, capability: Capability = Capability.VIEW) -> Caller:
    """The caller, if its role (and for a change, its token) allows ``capability``: 403
    otherwise, exactly as a page refuses a member whose role lacks it."""
    found: Caller = request.auth  # type: ignore[attr-defined]  # set by TokenAuth or SessionAuth
    if not found.membership.can(capability):
        raise HttpError(403, f"Your role cannot {capability.value.replace('_', ' ')}")
    if capability != Capability.VIEW and not found.can_write:
        raise HttpError(403, "This token is read only")
    return found

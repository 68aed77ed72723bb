"""How the API knows who is asking: a bearer token, checked against its holder's role now."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from kaizen.accounts.models import Membership, Organisation
from kaizen.accounts.roles import Capability
from kaizen.api.models import ApiToken
from kaizen.api.services import token_for


@dataclass(frozen=True)
class Caller:
    """Who the request acts as: the token, and its holder's membership at this moment."""

    token: ApiToken
    membership: Membership

    @property
    def organisation(self) -> Organisation:
        return self.token.organisation

    def __str__(self) -> str:
        # AuthRateThrottle's cache key: one budget per token (not per address: a trust's
        # scripts may share a proxy).
        return f"token-{self.token.pk}"


class TokenAuth(HttpBearer):
    """An unknown, expired or revoked token is 401, as is a missing one."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = token_for(token)
        return Caller(*found) if found else None


def caller(request: HttpRequest, capability: Capability = Capability.VIEW) -> Caller:
    """The caller, if its role (and for a change, its token) allows ``capability``: 403
    otherwise, exactly as a page refuses a member whose role lacks it."""
    found: Caller = request.auth  # type: ignore[attr-defined]  # set by TokenAuth
    if not found.membership.can(capability):
        raise HttpError(403, f"Your role cannot {capability.value.replace('_', ' ')}")
    if capability != Capability.VIEW and not found.token.can_write:
        raise HttpError(403, "This token is read only")
    return found

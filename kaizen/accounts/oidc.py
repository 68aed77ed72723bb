"""Single sign-on by OpenID Connect (Microsoft Entra ID is the case that matters), through
mozilla-django-oidc: a small, maintained Django backend for exactly this (the code flow,
ID-token signature check against the provider's keys, userinfo), where authlib is a toolkit
we would assemble the same flow from ourselves.

Only existing accounts sign in this way, matched by a verified email address; no account is
created (people join an organisation by invitation, as with a password)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class VerifiedEmailBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An unverified address could be anyone's: a provider that does not say it verified
        # addresses (Entra ID issues work addresses without the claim) must be trusted
        # explicitly with OIDC_TRUST_EMAIL.
        verified = claims.get("email_verified") is True or settings.OIDC_TRUST_EMAIL
        return bool(claims.get("email")) and verified

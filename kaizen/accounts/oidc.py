"""Single sign-on by OpenID Connect (Microsoft Entra ID is the case that matters), through
mozilla-django-oidc: a small, maintained Django backend for exactly this (the code flow,
ID-token signature check against the provider's keys, userinfo), where authlib is a toolkit
we would assemble the same flow from ourselves.

Accounts are matched by a verified email address only. An unknown address gets an account only
where an organisation lets its email domain join (just-in-time membership, set by its admin);
everyone else joins by invitation, as with a password."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from kaizen.accounts import services
from kaizen.accounts.models import User


class VerifiedEmailBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An unverified address could be anyone's: a provider that does not say it verified
        # addresses (Entra ID issues work addresses without the claim) must be trusted
        # explicitly with OIDC_TRUST_EMAIL.
        verified = claims.get("email_verified") is True or settings.OIDC_TRUST_EMAIL
        return bool(claims.get("email")) and verified

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        # Called once verify_claims has passed, so the address is verified: an unknown one at a
        # domain an organisation lets join gets its account now, and is then the one match.
        users: QuerySet[User] = super().filter_users_by_claims(claims)
        if not users.exists():
            services.sso_account_create(email=claims["email"], full_name=claims.get("name", ""))
        return users.all()  # a fresh query, which finds an account made just now

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        # An existing account joins an organisation that has since let its domain join.
        services.sso_memberships_join(user=user)
        return user

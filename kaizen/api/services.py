"""Creating and revoking personal access tokens, and finding the one a request presents."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Capability
from kaizen.api.models import ApiToken, hash_secret, new_secret
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.privacy.forms import validate_free_text

MAX_DAYS = 366


def token_create(
    *, user: User, organisation: Organisation, name: str, scope: str, days: int
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise ValidationError("Only a member of the organisation can have a token for it.")
    if scope == ApiToken.Scope.WRITE and not membership.can(Capability.ENTER_DATA):
        raise ValidationError({"scope": "Your role cannot enter data, so a token cannot either."})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A token lasts from 1 to {MAX_DAYS} days."})
    validate_free_text(name, organisation=organisation)
    secret = new_secret()
    token = ApiToken(
        user=user,
        organisation=organisation,
        name=name,
        scope=scope,
        hint=secret[:10],
        hashed=hash_secret(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        record(
            actor=user,
            organisation=organisation,
            action=AuditEvent.Action.CREATE,
            target=token,
            summary=f"Created the API token “{name}” ({token.get_scope_display().lower()})",
        )
    return token, secret


def token_revoke(*, token: ApiToken, by: User) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=by,
            organisation=token.organisation,
            action=AuditEvent.Action.REVOKE,
            target=token,
            summary=f"Revoked the API token “{token.name}”",
        )


def token_for(secret: str) -> tuple[ApiToken, Membership] | None:
    """The usable token with this secret and its holder's membership now, or None (an unknown,
    expired or revoked token, or one whose holder has left the organisation)."""
    token = (
        ApiToken.objects.usable()
        .select_related("organisation", "user")
        .filter(hashed=hash_secret(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    membership = Membership.objects.filter(user=token.user, organisation=token.organisation).first()
    if membership is None:
        return None
    # Once a minute at most: a write per request would double the cost of a busy script.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership

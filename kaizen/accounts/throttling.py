"""Sign-in throttling: each password check must first claim an attempt, atomically.

Counting per account *and* address stops guessing one person's password from one place without
letting a stranger lock that person out from elsewhere; a higher per-account limit stops
guessing from many places (the owner can still sign in by an emailed link); counting per
address, with a longer block, stops trying one common password against many accounts.
Claims are conditional UPDATEs on one row per key, so however many attempts arrive at once no
more than the limit get to check a password.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from time import time as now

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from kaizen.accounts.models import SignInThrottle


@dataclass(frozen=True)
class Limit:
    key: str
    attempts: int
    block: int  # seconds the key stays blocked from the attempt that reaches the limit


STALE_AFTER = 86_400


class _Refused(Exception):
    pass


def client_address(request: HttpRequest) -> str:
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        # Our proxy appends the address it saw; anything left of it came from the client,
        # who could write anything there to dodge the limit.
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR") or "unknown"


def account_key(email: str) -> str:
    # Hash the email so keys do not store addresses in clear.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _limits(email: str, address: str) -> list[Limit]:
    # Always claimed in this order, so concurrent claims lock rows in one order (no deadlock).
    account, window = account_key(email), settings.LOGIN_THROTTLE_WINDOW
    return [
        Limit(f"pair:{account}:{address}", settings.LOGIN_THROTTLE_ATTEMPTS, window),
        Limit(f"account:{account}", settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS, window),
        Limit(
            f"address:{address}",
            settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS,
            settings.LOGIN_THROTTLE_ADDRESS_BLOCK,
        ),
    ]


def claim_attempt(email: str, address: str) -> bool:
    """Claim one password check for ``email`` from ``address``; False when a limit is reached."""
    return claim(*_limits(email, address))


def claim(*limits: Limit) -> bool:
    """Claim one attempt against every limit, or against none of them."""
    started = now()
    try:
        with transaction.atomic():
            for limit in limits:
                if not _claim_one(limit, started):
                    raise _Refused
    except _Refused:
        return False
    return True


def _claim_one(limit: Limit, started: float) -> bool:
    rows = SignInThrottle.objects.filter(key=limit.key)
    SignInThrottle.objects.get_or_create(key=limit.key)
    # A window that has run out starts afresh; PostgreSQL re-checks the condition after
    # waiting for a concurrent claim, so a fresh window is never reset twice.
    rows.filter(window_end__lte=started).update(
        attempts=0, window_end=started + settings.LOGIN_THROTTLE_WINDOW
    )
    claimed = rows.filter(attempts__lt=limit.attempts).update(attempts=F("attempts") + 1)
    if claimed and limit.block > settings.LOGIN_THROTTLE_WINDOW:
        rows.filter(attempts__gte=limit.attempts).update(window_end=started + limit.block)
    return bool(claimed)


def signed_in(email: str, address: str) -> None:
    """The password was right: forget the account's failures and give the address its attempt
    back, so colleagues signing in behind one hospital address do not use up its limit."""
    pair, account, by_address = _limits(email, address)
    forget(pair, account)
    SignInThrottle.objects.filter(key=by_address.key, attempts__gt=0).update(
        attempts=F("attempts") - 1
    )
    # Keys nobody has used for a day are forgotten, so the table does not grow for ever.
    stale = now() - settings.LOGIN_THROTTLE_ADDRESS_BLOCK - STALE_AFTER
    SignInThrottle.objects.filter(window_end__lt=stale).delete()


def forget(*limits: Limit) -> None:
    """Start these limits' counts afresh (after a success)."""
    SignInThrottle.objects.filter(key__in=[limit.key for limit in limits]).update(attempts=0)


def is_throttled(email: str, address: str) -> bool:
    at = now()
    return any(
        SignInThrottle.objects.filter(
            key=limit.key, attempts__gte=limit.attempts, window_end__gt=at
        ).exists()
        for limit in _limits(email, address)
    )


def window_minutes() -> int:
    return max(1, settings.LOGIN_THROTTLE_WINDOW // 60)


def link_limits(email: str, address: str) -> list[Limit]:
    """Sign-in links emailed: a few per account, and the address limit, per window."""
    window = settings.LOGIN_THROTTLE_WINDOW
    return [
        Limit(f"link:{account_key(email)}", settings.LOGIN_THROTTLE_ATTEMPTS, window),
        Limit(f"link-address:{address}", settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS, window),
    ]


def code_limit(user_id: object) -> Limit:
    """Second-factor codes tried for one person, whatever the address."""
    return Limit(
        f"code:{user_id}", settings.LOGIN_THROTTLE_ATTEMPTS, settings.LOGIN_THROTTLE_WINDOW
    )

"""Login throttling: count failed sign-ins per email address and per client address.

Counting per email stops guessing one person's password from many addresses; counting per
client address stops trying one common password against many accounts.
"""

from __future__ import annotations

import hashlib
from time import time as now

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        # Our proxy appends the address it saw; anything left of it came from the client,
        # who could write anything there to dodge the limit.
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR") or "unknown"


def _email_key(email: str) -> str:
    # Hash the email so cache keys are safe characters and do not store addresses in clear.
    return "login-failures:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _limits(email: str, address: str) -> list[tuple[str, int]]:
    return [
        (_email_key(email), settings.LOGIN_THROTTLE_ATTEMPTS),
        (f"login-failures:address:{address}", settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS),
    ]


def _failures(key: str) -> tuple[int, float]:
    """(failures, end of their window) for a key; (0, 0) when none are counted."""
    count, window_end = cache.get(key) or (0, 0.0)
    return (count, window_end) if window_end > now() else (0, 0.0)


def is_throttled(email: str, address: str) -> bool:
    return any(_failures(key)[0] >= limit for key, limit in _limits(email, address))


def record_failure(email: str, address: str) -> None:
    # The window runs from the first failure, so keep its end with the count: the cache's
    # incr() would restart the timeout on some backends. Two failures at the same instant
    # may count as one, which is harmless for a limit of several.
    started = now()
    for key, _ in _limits(email, address):
        count, window_end = _failures(key)
        window_end = window_end or started + settings.LOGIN_THROTTLE_WINDOW
        cache.set(key, (count + 1, window_end), timeout=max(1, round(window_end - started)))


def clear_failures(email: str) -> None:
    """Forget an email's failures after it signs in; the address count stays, deliberately."""
    cache.delete(_email_key(email))


def window_minutes() -> int:
    return max(1, settings.LOGIN_THROTTLE_WINDOW // 60)

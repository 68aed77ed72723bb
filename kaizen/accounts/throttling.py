"""Login throttling: count failed sign-ins per email address and per client address.

Counting per email stops guessing one person's password from many addresses; counting per
client address stops trying one common password against many accounts.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a client can write any X-Forwarded-For it likes, and
    # would use that to dodge the per-address limit.
    return request.META.get("REMOTE_ADDR") or "unknown"


def _email_key(email: str) -> str:
    # Hash the email so cache keys are safe characters and do not store addresses in clear.
    return "login-failures:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _keys(email: str, address: str) -> list[str]:
    return [_email_key(email), f"login-failures:address:{address}"]


def is_throttled(email: str, address: str) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(email, address))


def record_failure(email: str, address: str) -> None:
    for key in _keys(email, address):
        # add() starts the window at the first failure only; incr() keeps its expiry.
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


def clear_failures(email: str) -> None:
    """Forget an email's failures after it signs in; the address count stays, deliberately."""
    cache.delete(_email_key(email))


def window_minutes() -> int:
    return max(1, settings.LOGIN_THROTTLE_WINDOW // 60)

"""GET /health/: whether this instance can serve, for a load balancer, systemd or a monitor.

Each check is a small function registered by name; an app that brings something the site cannot
work without (the task queue's worker tables, say) registers its own with ``register``. The answer
names each check and says ok or failing, never why, since anyone may call it; the reason goes to
the log."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

Check = Callable[[], None]
"""Returns when healthy, raises when not."""

CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    CHECKS[name] = check


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


register("database", database)


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            # Any failure means "do not send traffic here"; the log keeps the reason.
            log.exception("health check failed", extra={"check": name})
            results[name] = "failing"
        else:
            results[name] = "ok"
    return results


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    # No sign-in: monitors call it. 503 lets a load balancer take the instance out of rotation.
    results = run_checks()
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )

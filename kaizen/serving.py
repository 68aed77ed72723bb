"""What production serving needs around every request: one JSON log line per request and per
logged event on stdout, and the Permissions-Policy header (Django sends the other security
headers itself; django-csp sends the Content-Security-Policy)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse

request_log = logging.getLogger("kaizen.requests")

# Attributes every LogRecord has; anything else was passed with `extra=` and belongs in the line,
# except the request Django attaches to its errors, whose text includes the query string.
_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line, so a log shipper or `jq` reads fields rather than parsing text."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        # default=str: extras such as a request or a date must not make the log line itself fail.
        return json.dumps(line, default=str)


Middleware = Callable[[HttpRequest], HttpResponse]


class RequestLogMiddleware:
    """Logs each request once it is answered: method, path (never the query, which may carry
    search text), status, duration and the signed-in user's id."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A view may ask that its request be logged without the user (an anonymous answer:
        # no log may say who sent it).
        if getattr(request, "log_without_user", False):
            user = None
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class PermissionsPolicyMiddleware:
    """Turns off browser features (camera, location...) that no Kaizen page uses, so a script
    that got in somehow could not use them either."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

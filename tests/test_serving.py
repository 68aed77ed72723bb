"""Production serving: security headers and the Content-Security-Policy, the health check, JSON
logs, and templates that a policy without 'unsafe-inline' can serve."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from kaizen import health
from kaizen.accounts.models import Organisation, User
from kaizen.serving import JsonFormatter

REPO = Path(__file__).resolve().parents[1]
ClientFor = Callable[[User], Client]


def directives(header: str) -> dict[str, list[str]]:
    parsed = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in parsed}


def test_pages_carry_a_policy_without_unsafe_inline(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    response = client_for(staff_user).get(f"/o/{org.slug}/")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    # The one inline script (NHS.UK's js-enabled line) runs by this response's own nonce.
    nonce = re.search(r"<script nonce=\"([^\"]+)\">", response.content.decode())
    assert nonce is not None
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce.group(1)}'"]


def test_pages_carry_the_other_security_headers(client: Client) -> None:
    response = client.get("/sign-in/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def settings_value(name: str, **env: str) -> str:
    """A setting as kaizen/settings.py computes it from this environment (a fresh process,
    since settings are read once)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "BEHIND_TLS_PROXY")}
    code = f"import kaizen.settings as s; print(s.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "seconds"),
    [
        ({}, "0"),
        ({"SITE_URL": "https://qi.trust.nhs.uk"}, "31536000"),
        ({"BEHIND_TLS_PROXY": "true"}, "31536000"),
        ({"SITE_URL": "https://qi.trust.nhs.uk", "SECURE_HSTS_SECONDS": "600"}, "600"),
    ],
)
def test_hsts_is_on_whenever_the_site_is_https(env: dict[str, str], seconds: str) -> None:
    assert settings_value("SECURE_HSTS_SECONDS", **env) == seconds


def test_htmx_requests_pass_csrf_with_the_token_from_the_body(
    org: Organisation, staff_user: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    page = client.get(f"/o/{org.slug}/").content.decode()
    attribute = re.search(r"<body[^>]* hx-headers='([^']+)'", page)
    assert attribute is not None
    token = json.loads(attribute.group(1))["X-CSRFToken"]
    assert client.post("/sign-out/").status_code == 403
    assert client.post("/sign-out/", headers={"X-CSRFToken": token}).status_code == 302


def test_health_answers_ok_when_the_database_answers(client: Client, db: None) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "task_queue": "ok"}}
    assert "no-cache" in response.headers["Cache-Control"]


def test_health_is_answered_over_http_when_everything_else_redirects(
    client: Client, db: None, settings: Settings
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/sign-in/").status_code == 301
    assert client.get("/health/").status_code == 200


def test_health_says_503_and_logs_why_when_a_check_fails(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise ConnectionError("worker table locked")

    monkeypatch.setitem(health.CHECKS, "task_queue", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "task_queue": "failing"}
    assert "worker table locked" not in response.content.decode()
    assert "worker table locked" in caplog.text


def test_each_request_is_one_json_log_line(
    org: Organisation, staff_user: User, client_for: ClientFor, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kaizen.requests"):
        client_for(staff_user).get(f"/o/{org.slug}/?q=private+words")
    [record] = [r for r in caplog.records if r.name == "kaizen.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request"
    assert (line["method"], line["path"], line["status"]) == ("GET", f"/o/{org.slug}/", 200)
    assert line["user_id"] == staff_user.pk
    assert line["duration_ms"] >= 0
    assert "private" not in json.dumps(line)


def test_a_failing_request_is_logged_with_its_traceback_but_not_its_query(
    org: Organisation,
    staff_user: User,
    client_for: ClientFor,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(health, "run_checks", broken)
    client = client_for(staff_user)
    client.raise_request_exception = False
    assert client.get("/health/?q=private+words").status_code == 500
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records]
    [error] = [line for line in lines if line["logger"] == "django.request"]
    assert "database on fire" in error["exception"]
    [request] = [line for line in lines if line["logger"] == "kaizen.requests"]
    assert request["status"] == 500
    assert "private" not in json.dumps(lines)


def test_a_logged_exception_stays_on_one_line() -> None:
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert "ValueError" in json.loads(text)["exception"]


# What a Content-Security-Policy without 'unsafe-inline' refuses to run or apply.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style", re.I)


def templates() -> list[Path]:
    return sorted((REPO / "kaizen").rglob("*.jinja"))


def test_no_template_has_inline_scripts_styles_or_handlers() -> None:
    assert len(templates()) > 50  # every app's templates were found
    found = []
    for path in templates():
        text = path.read_text()
        # WeasyPrint's PDF documents are never served to a browser: their <style> may stay.
        patterns = [INLINE_SCRIPT, STYLE_ATTRIBUTE, EVENT_HANDLER]
        if not path.name.endswith("_pdf.jinja"):
            patterns.append(STYLE_ELEMENT)
        found += [f"{path.relative_to(REPO)}: {p.pattern}" for p in patterns if p.search(text)]
    assert found == []

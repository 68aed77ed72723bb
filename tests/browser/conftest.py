"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser`` (``make test-browser`` runs only these) and runs with a
transactional database, because the live server's thread must see the test's data.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from kaizen.accounts.models import User
from kaizen.testing import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


# Per module, not per session: a parallel worker may run other apps' tests between two browser
# modules, and they must find no Playwright event loop running and no async-unsafe switch set.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"No Chromium at {CHROMIUM}; set CHROMIUM_PATH")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API runs an event loop in the test thread while it is open; Django
        # refuses ORM calls from inside one unless told that this single-threaded test context is
        # safe. Set only while the loop runs (monkeypatch restores it), so nothing else inherits it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy refused (a script, a style, a handler)
# through a binding that outlives navigations; the page fixture fails a test that caused any.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const what = event.blockedURI || "inline code";
  window.reportCspViolation(`${event.violatedDirective} refused ${what} on ${location.pathname}`);
});
"""


@pytest.fixture
def csp_violations() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, csp_violations: list[str]) -> Iterator[Page]:
    """A fresh browser context per test (no cookies carried over), based at the live server."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.expose_binding("reportCspViolation", lambda _source, text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()
    assert csp_violations == [], "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


@pytest.fixture
def signed_in_page(page: Page) -> Callable[[User], Page]:
    """Sign ``user`` in through the real form, as a person would."""

    def sign_in(user: User) -> Page:
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return sign_in

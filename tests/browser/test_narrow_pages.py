"""Every page inside an organisation, on a 375 px phone: nothing scrolls the page sideways
(wide tables scroll inside their own container)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from kaizen.accounts.models import Membership, User
from kaizen.accounts.roles import Role
from kaizen.demo.loader import load_demo
from kaizen.testing import assert_fits_width
from kaizen.tests.test_every_page_renders import AS_OF, fill, records, walk
from kaizen.urls import org_patterns

PHONE = {"width": 375, "height": 800}


def test_no_page_scrolls_sideways_at_375_px(signed_in_page: Callable[[User], Page]) -> None:
    organisation = load_demo(as_of=AS_OF).organisation
    admin = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    assert admin is not None
    page = signed_in_page(admin.user)
    page.set_viewport_size(PHONE)
    sources = records(organisation)
    too_wide, visited = {}, 0
    for route in walk(org_patterns):
        path = fill(route, sources)
        if path is None or path.endswith((".pdf", ".csv", ".svg")) or "export" in path:
            continue
        response = page.goto(f"/o/{organisation.slug}/{path}")
        if response is None or response.status != 200:
            continue  # POST-only actions, downloads
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert visited > 30  # the walk reached the organisation's pages, not a sign-in page
    assert too_wide == {}


def test_the_journeys_width_check_fails_a_page_that_scrolls_sideways(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.set_content("<p>Fits</p>")
    assert_fits_width(page)
    page.set_content('<div style="width: 600px">Too wide</div>')
    with pytest.raises(AssertionError, match=r"scrolls sideways: 6\d\d px wide in a 375 px window"):
        assert_fits_width(page)

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from kaizen.accounts.models import User
from kaizen.accounts.roles import PERMISSIONS, Role
from kaizen.registry import navigation


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="nhsuk-header__navigation".*?</nav>', html, re.S)
    assert nav
    return re.findall(r'href="(/o/[^"]+)"', nav.group(0))


def defined(name: str) -> str | None:
    try:
        return reverse(name, kwargs={"org": "riverside"})
    except NoReverseMatch:  # another app's page, not there (yet)
        return None


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_it_offers_each_role_exactly_the_sections_it_may_use(
    role: Role, member_for: Callable[[Role], User], client_for: Callable[[User], Client]
) -> None:
    html = client_for(member_for(role)).get("/o/riverside/").content.decode()
    # An entry in a section is reached through its section's page, linked once.
    hrefs = [
        defined(f"organisation:section_{entry.section}") if entry.section else href
        for entry in navigation()
        if entry.capability in PERMISSIONS[role] and (href := defined(entry.url_name))
    ]
    assert nav_links(html) == list(dict.fromkeys(hrefs))


def test_it_marks_members_current_across_the_admin_section(
    admin_user: User, client_for: Callable[[User], Client]
) -> None:
    html = client_for(admin_user).get("/o/riverside/settings/units/").content.decode()
    assert re.search(r'href="/o/riverside/members/" aria-current="page"', html)
    assert 'href="/o/riverside/" aria-current' not in html


def test_it_shows_no_organisation_navigation_outside_an_organisation(
    staff_user: User, client_for: Callable[[User], Client]
) -> None:
    html = client_for(staff_user).get("/password/change/").content.decode()
    assert "nhsuk-header__navigation-list" not in html


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/o/riverside/measures/summary/", "/o/riverside/measures/summary/"),
        ("/o/riverside/measures/", "/o/riverside/measures/"),
        ("/o/riverside/", "/o/riverside/"),
    ],
)
def test_it_marks_exactly_one_link_current_the_closest_match(
    path: str, current: str, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    html = client_for(staff_user).get(path).content.decode()
    assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [current]


def test_a_section_s_page_lists_its_pages_for_the_role(
    staff_user: User, client_for: Callable[[User], Client]
) -> None:
    html = client_for(staff_user).get("/o/riverside/sections/improvement/").content.decode()
    section = [entry for entry in navigation() if entry.section == "improvement"]
    assert section
    for entry in section:
        assert f'href="{reverse(entry.url_name, kwargs={"org": "riverside"})}"' in html
    assert re.search(r'href="/o/riverside/sections/improvement/" aria-current="page"', html)

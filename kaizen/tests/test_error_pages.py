"""404, 403, 500 and CSRF-failure pages in the NHS.UK layout, each with a way back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.web import server_error

ClientFor = Callable[[User], Client]


def styled(html: str) -> None:
    assert "nhsuk-header" in html and "nhsuk-footer" in html
    assert "Go to" in html and "home page</a>" in html


@pytest.fixture(autouse=True)
def production(settings: Settings) -> None:
    settings.DEBUG = False


def test_not_found_is_styled_with_a_way_back(staff_user: User, client_for: ClientFor) -> None:
    response = client_for(staff_user).get("/o/riverside/projects/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    styled(html)
    assert "Page not found" in html
    assert "/o/riverside/" in html  # back to the organisation's home


def test_an_outsider_gets_the_same_page_without_the_organisation(
    outsider: User, client_for: ClientFor
) -> None:
    response = client_for(outsider).get("/o/riverside/")
    assert response.status_code == 404
    html = response.content.decode()
    styled(html)
    assert "Riverside" not in html


def test_forbidden_is_styled_with_a_way_back(board_user: User, client_for: ClientFor) -> None:
    response = client_for(board_user).get("/o/riverside/projects/new/")
    assert response.status_code == 403
    styled(response.content.decode())


def test_a_stale_form_is_styled_with_a_way_back(staff_user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.post("/o/riverside/projects/new/", {"title": "No token"})
    assert response.status_code == 403
    html = response.content.decode()
    styled(html)
    assert "Your form could not be sent" in html


def test_a_server_error_is_styled_with_a_way_back(org: Organisation, staff_user: User) -> None:
    request = RequestFactory().get("/o/riverside/")
    request.user = staff_user
    request.csp_nonce = "n0nce"  # type: ignore[attr-defined]  # as the CSP middleware sets it
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    styled(html)
    assert "problem with the service" in html

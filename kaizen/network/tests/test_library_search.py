"""The open library's search ranks a limited set of candidates, the newest matches, so a word
found in most items stays fast; a reader who reaches the limit is told so, and fewer matches
than the limit are all found (on PostgreSQL and SQLite alike)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.network import search as library_search
from kaizen.network.models import SharedItem
from kaizen.network.services import share_project
from kaizen.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_search, "CANDIDATES", 3)
    monkeypatch.setattr("kaizen.network.views.CANDIDATES", 3)


def _share(org: Organisation, by: User, title: str, problem: str = "") -> SharedItem:
    project = make_project(org, by, title=title, problem=problem or f"{title} at night")
    return share_project(project=project, by=by, reach=SharedItem.Reach.PUBLIC)


def test_past_the_limit_the_newest_matches_are_ranked_and_the_reader_is_told(
    org: Organisation, staff_user: User, three_candidates: None
) -> None:
    shared = [_share(org, staff_user, f"Fewer falls on ward {n}") for n in range(5)]
    found = list(library_search.search(SharedItem.objects.public(), "falls"))
    assert {item.pk for item in found} == {item.pk for item in shared[-3:]}
    page = Client().get("/library/?q=falls").content.decode()
    assert "More than 3 items match" in page and "Add a word" in page
    assert "ward 4" in page and "ward 0" not in page


def test_below_the_limit_every_match_is_found_and_nothing_is_said(
    org: Organisation, staff_user: User, three_candidates: None
) -> None:
    _share(org, staff_user, "Fewer falls on ward 1")
    _share(org, staff_user, "Fewer falls on ward 2")
    _share(org, staff_user, "Sepsis screening")
    page = Client().get("/library/?q=falls").content.decode()
    assert "ward 1" in page and "ward 2" in page and "Sepsis" not in page
    assert "items match" not in page
    assert not library_search.many_matches(SharedItem.objects.public(), "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_among_the_candidates_a_match_in_the_title_ranks_first(
    org: Organisation, staff_user: User
) -> None:
    titled = _share(org, staff_user, "Delirium screening", problem="Missed on admission")
    _share(org, staff_user, "Night checks", problem="Delirium went unnoticed at night")
    found = list(library_search.search(SharedItem.objects.public(), "delirium"))
    assert found[0].pk == titled.pk and len(found) == 2

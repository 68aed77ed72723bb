"""The measure list and board summary a page at a time, filtered in the database, with the
variation icons counted over the whole filter."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.measures import summary
from kaizen.testing import STEP_VALUES, make_measure

ClientFor = Callable[[User], Client]


@pytest.fixture
def measures(org: Organisation, staff_user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary, "PAGE_SIZE", 2)
    board: dict[str, Any] = {"by": staff_user, "on_board": True}
    make_measure(org, STEP_VALUES, **board, name="Falls", code="FALLS-1")
    make_measure(org, [5, 5, 5, 5], **board, name="Sepsis screening", code="SEP")
    make_measure(org, [1, 2], **board, name="Discharges", frequency="weekly")
    make_measure(org, [3, 4, 3], **board, name="Complaints", frequency="yearly")
    make_measure(org, **board, name="Empty")


def page(client: Client, org: Organisation, view: str, **query: str) -> str:
    response = client.get(reverse(view, kwargs={"org": org.slug}), query)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("view", ["measures:measure_list", "measures:board_summary"])
def test_pages_hold_a_few_measures_and_count_icons_over_all(
    org: Organisation, staff_user: User, client_for: ClientFor, measures: None, view: str
) -> None:
    client = client_for(staff_user)
    first = page(client, org, view)
    assert "5 measures, page 1 of 3" in first
    assert "Complaints" in first and "Discharges" in first and "Falls" not in first
    assert "Next page" in first and "Previous page" not in first
    # One measure of the five has no data; the counts cover every page.
    assert "1 without data" in first
    last = page(client, org, view, page="3")
    assert "Sepsis screening" in last and "Next page" not in last
    assert "page 3 of 3" in page(client, org, view, page="99")


@pytest.mark.parametrize("view", ["measures:measure_list", "measures:board_summary"])
def test_measures_filter_by_frequency_search_and_variation(
    org: Organisation, staff_user: User, client_for: ClientFor, measures: None, view: str
) -> None:
    client = client_for(staff_user)
    assert "1 measure." in page(client, org, view, frequency="yearly")
    found = page(client, org, view, q="sep")
    assert "Sepsis screening" in found and "1 measure." in found
    assert "Falls" in page(client, org, view, q="falls-1")
    rising = page(client, org, view, variation="improvement_high")
    assert "Falls" in rising and "1 measure." in rising


def test_board_summary_reads_the_boards_measures_unless_asked_for_all(
    org: Organisation, staff_user: User, client_for: ClientFor, measures: None
) -> None:
    make_measure(org, [7, 8, 9], by=staff_user, name="Ward kitchen audits")
    client = client_for(staff_user)
    board = page(client, org, "measures:board_summary", q="kitchen")
    assert "Ward kitchen audits" not in board and "0 measures" in board
    widened = page(client, org, "measures:board_summary", q="kitchen", reach="all")
    assert "Ward kitchen audits" in widened
    assert "Ward kitchen audits" in page(client, org, "measures:measure_list", q="kitchen")
    pdf = client.get(reverse("measures:board_summary_pdf", kwargs={"org": org.slug})).content
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        printed = "".join(page.extract_text() for page in document.pages)
    assert "Sepsis screening" in printed and "Ward kitchen audits" not in printed

"""A member uploads a spreadsheet: sees the preview, imports it, and has a file with patient
details refused; every state of the page checked by axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure
from kaizen.testing import assert_accessible, choose_file, make_measure

CSV = (
    "measure,period,value,numerator,denominator\n"
    "Falls,2024-01-01,4,,\n"
    "Falls,2024-02-01,5,,\n"
    "Seen within 4 hours,01/01/2024,,800,1000\n"
)


@pytest.fixture
def measures(org: Organisation, staff_user: User) -> list[Measure]:
    return [
        make_measure(org, by=staff_user, name="Falls", chart="xmr"),
        make_measure(org, by=staff_user, name="Seen within 4 hours", chart="p"),
    ]


def test_a_member_previews_and_imports_a_spreadsheet(
    signed_in_page: Callable[[User], Page],
    staff_user: User,
    org: Organisation,
    measures: list[Measure],
) -> None:
    page = signed_in_page(staff_user)
    page.goto(reverse("imports:import_upload", kwargs={"org": org.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload data")
    assert_accessible(page)

    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("link", name="Select a CSV or Excel file to upload")).to_be_visible()
    assert_accessible(page)

    choose_file(page, "data.csv", CSV + "Seen within 4 hours,2024-02,,1200,1000\n")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="The file has 1 problem")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Numerator 1200 is above the denominator 1000")
    ).to_be_visible()
    assert_accessible(page)

    choose_file(page, "data.csv", CSV)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check what will be imported")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("3 new and 0 changed data points")
    assert_accessible(page)

    page.get_by_role("button", name="Import 3 data points").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Import complete")
    assert_accessible(page)
    assert DataPoint.objects.filter(measure__organisation=org).count() == 3


def test_a_file_with_nhs_numbers_is_refused_in_place(
    signed_in_page: Callable[[User], Page],
    staff_user: User,
    org: Organisation,
    measures: list[Measure],
) -> None:
    page = signed_in_page(staff_user)
    page.goto(reverse("imports:import_upload", kwargs={"org": org.slug}))
    choose_file(
        page, "patients.csv", "measure,period,value,patient\nFalls,2024-01-01,1,943 476 5919\n"
    )
    page.get_by_role("button", name="Check the file").click()
    refusal = "This file was refused: it looks like it contains patient-identifiable data"
    expect(page.get_by_role("heading", name=refusal)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Nothing was stored")
    assert_accessible(page)
    assert not DataPoint.objects.exists()

"""An installation admin takes NHS England's published A&E file (several trusts) from upload to
every trust's charts, through the long-table page; every state checked by axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Measure
from kaizen.testing import assert_accessible, choose_file, published_file, wait_for_chart

TRUSTS = ("R0A", "RJ1", "RRK")
COLUMNS = {
    "Columns that name each series": "org_code, measure",
    "Period column": "period",
    "Value column": "value",
    "Numerator column (optional)": "numerator",
    "Denominator column (optional)": "denominator",
    "Organisation code column (optional)": "org_code",
    "Organisation name column (optional)": "org_name",
}


@pytest.fixture
def three_trusts() -> str:
    lines = published_file("trust_ae_2021_2025.csv").read_text().splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if line.startswith(TRUSTS))]) + "\n"


def test_a_published_file_goes_from_download_to_every_trusts_charts(
    signed_in_page: Callable[[User], Page],
    admin_user: User,
    org: Organisation,
    three_trusts: str,
    immediate_tasks: None,
) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    page = signed_in_page(admin_user)
    page.goto(reverse("imports:import_bulk", kwargs={"org": org.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a long table")
    assert_accessible(page)

    choose_file(page, "trust_ae.csv", three_trusts)
    for label, column in COLUMNS.items():
        page.get_by_label(label).fill(column)
    page.get_by_label("Who published the data").select_option("nhse")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("data for 3 organisations")).to_be_visible()
    assert_accessible(page)

    choose_file(page, "trust_ae.csv", three_trusts)
    page.get_by_label("Share the file among the organisations its codes name").check()
    page.get_by_label("Create the organisations that are not here yet").check()
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check what will be imported")).to_be_visible()
    expect(page.get_by_text("for 3 organisations")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Direction of improvement of every new measure").select_option("decrease")
    # The task worker (here, at once) imports it; the job's page shows what became of it.
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(page)

    for code in TRUSTS:
        trust = Organisation.objects.get(ods_code__code=code)
        assert Measure.objects.for_organisation(trust).count() == 4
    # The trusts were created by the import: the admin reads their charts as a member would.
    trust = Organisation.objects.get(ods_code__code="R0A")
    trust.memberships.create(user=admin_user, role="admin")
    measure = Measure.objects.for_organisation(trust).get(code="R0A | ae_attendances_total")
    page.goto(reverse("measures:measure_detail", kwargs={"org": trust.slug, "pk": measure.pk}))
    wait_for_chart(page)
    assert_accessible(page)

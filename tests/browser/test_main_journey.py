"""The platform's main journey, end to end as one person lives it: a ward's member signs in,
defines a measure, uploads its history (refused for one bad row, then accepted), reads the chart
and its special cause, finds the measure on the board summary and downloads the report as a PDF.
Every page on the way is checked by axe-core."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.icons import POINT_COLOURS, VARIATION_LABELS
from kaizen.measures.models import DataPoint, Measure
from kaizen.testing import assert_accessible, choose_file, wait_for_chart

NAME = "Discharges before noon"
# Twelve months around 30% of 200 discharges, then eight months around 45%: a clear, sustained
# shift upwards from January 2025, when the ward started its morning board round.
BASELINE = [60, 58, 62, 61, 59, 60, 63, 57, 60, 61, 59, 60]
AFTER = [90, 92, 88, 91, 89, 90, 93, 90]
SHIFT_START = dt.date(2025, 1, 1)
DENOMINATOR = 200


def month(index: int) -> dt.date:
    return dt.date(2024 + index // 12, index % 12 + 1, 1)


def csv_rows(numerators: list[int]) -> list[str]:
    return [f"{month(i):%Y-%m},{count},{DENOMINATOR}" for i, count in enumerate(numerators)]


def upload_csv(rows: list[str]) -> str:
    return "\n".join(["period,numerator,denominator", *rows]) + "\n"


def test_a_member_goes_from_a_new_measure_to_the_board_report(
    signed_in_page: Callable[[User], Page], staff_user: User, org: Organisation
) -> None:
    page = signed_in_page(staff_user)
    expect(page.get_by_role("heading", level=1)).to_have_text(org.name)
    assert_accessible(page)

    # Define the measure through the form.
    nav = page.get_by_role("navigation", name="Organisation")
    nav.get_by_role("link", name="Measures", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures")
    assert_accessible(page)
    page.get_by_role("button", name="Create a measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a measure")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Numerator definition").fill("Patients discharged before 12:00")
    page.get_by_label("Denominator definition").fill("All discharges from the ward")
    page.get_by_label("Unit of measurement").fill("%")
    page.get_by_label("Type", exact=True).select_option(label="Process")
    page.get_by_label("Frequency").select_option(label="Monthly")
    page.get_by_label("Direction of improvement").select_option(label="Higher is better")
    page.get_by_label("Target").fill("40")
    page.get_by_label("Chart type").select_option(label="P chart (proportion)")
    page.get_by_label("Multiplier").fill("100")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_text(f"Created the measure “{NAME}”")).to_be_visible()
    expect(page.locator("#measure-reading")).to_have_text("There is no data for this measure yet.")
    assert_accessible(page)
    measure = Measure.objects.get(organisation=org, name=NAME)
    assert (measure.chart, measure.frequency, measure.target) == ("p", "monthly", 40.0)

    # An upload with one impossible row is refused whole, the row named.
    page.get_by_role("link", name=f"Upload data from a spreadsheet for {NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Upload data for {NAME}")
    assert_accessible(page)
    bad = csv_rows(BASELINE + AFTER)
    bad[4] = f"{month(4):%Y-%m},two hundred,{DENOMINATOR}"
    choose_file(page, "discharges.csv", upload_csv(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="The file has 1 problem")).to_be_visible()
    problems = page.get_by_role("table", name="Problems on rows 6 to 6")
    expect(problems.get_by_role("row")).to_have_count(2)
    expect(problems.get_by_role("cell", name="6", exact=True)).to_be_visible()
    expect(problems.get_by_role("cell", name="Non-numeric numerator “two hundred”")).to_be_visible()
    assert_accessible(page)
    assert not DataPoint.objects.filter(measure=measure).exists()

    # The corrected file is previewed, then imported.
    choose_file(page, "discharges.csv", upload_csv(csv_rows(BASELINE + AFTER)))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check what will be imported")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("20 new and 0 changed data points")
    assert_accessible(page)
    page.get_by_role("button", name="Import 20 data points").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(page)
    assert measure.datapoints.count() == len(BASELINE + AFTER)

    # The chart shows the shift as special cause improvement, in words and in colour.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=NAME).click()
    wait_for_chart(page)
    reading = page.locator("#measure-reading")
    expect(reading).to_contain_text("The latest value is 45% (August 2025).")
    expect(reading).to_contain_text(f"special cause improvement since {SHIFT_START:%B %Y}")
    label = VARIATION_LABELS["improvement_high"]
    expect(page.locator(".kaizen-icons").get_by_role("img", name=label)).to_be_visible()
    chart = json.loads(page.locator(f"#chart-data-{measure.pk}").text_content() or "{}")
    shift_index = chart["labels"].index(f"{SHIFT_START:%B %Y}")
    assert chart["special"][shift_index:] == [True] * len(AFTER)
    assert set(chart["colours"][shift_index:]) == {POINT_COLOURS["special_cause_improvement"]}
    latest = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="August 2025", exact=True)
    )
    expect(latest.locator(".kaizen-signal--special_cause_improvement")).to_be_visible()
    assert_accessible(page)

    # The board summary lists it with its variation icon, and downloads as a PDF.
    nav.get_by_role("link", name="Board summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrated quality report")
    # A new measure is not yet one the board follows, so the member asks for all of them.
    page.get_by_label("Measures shown").select_option(label="All measures")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=NAME, exact=True))
    expect(row.get_by_role("img", name=label)).to_be_visible()
    expect(row.get_by_role("cell").filter(has_text="45%").first).to_be_visible()
    assert_accessible(page)
    pdf_link = page.get_by_role("link", name="Download as PDF")
    response = page.request.get(pdf_link.get_attribute("href") or "")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

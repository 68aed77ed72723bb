"""A ward enters its data on the measure's page without a reload, reads the chart and accepts a
suggested recalculation; the board reads and sorts the summary. Every page checked by axe-core."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Annotation, DataPoint, Measure
from kaizen.testing import assert_accessible, make_measure, wait_for_chart

# Fifteen months around 80%, then fourteen around 89%: a sustained shift from April 2024.
VALUES = [80, 82, 79, 81, 80, 83, 78, 81, 80, 82, 79, 81, 80, 82, 79]
VALUES += [88, 89, 90, 88, 91, 89, 90, 92, 89, 90, 88, 89, 91, 90]


@pytest.fixture
def waits(org: Organisation, staff_user: User) -> Measure:
    return make_measure(
        org, VALUES, by=staff_user, name="Seen within 4 hours", unit_label="%", target=85.0
    )


def test_a_ward_enters_data_and_recalculates_the_limits(
    signed_in_page: Callable[[User], Page], staff_user: User, waits: Measure
) -> None:
    page = signed_in_page(staff_user)
    page.goto(f"/o/riverside/measures/{waits.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seen within 4 hours")
    # Chart.js drew the chart into the canvas.
    wait_for_chart(page)
    expect(
        page.get_by_role("img", name="Special cause improvement (higher values)")
    ).to_be_visible()
    expect(page.locator("#measure-reading")).to_contain_text("special cause improvement since")
    assert_accessible(page)

    # A value saved through HTMX: the page is not reloaded, the chart is redrawn with it.
    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_label("Period", exact=True).first.fill("2025-07-01")
    page.get_by_label("Value", exact=True).fill("91.5")
    page.get_by_role("button", name="Save the value").click()
    expect(page.get_by_role("status")).to_have_text("Added the value for July 2025")
    assert page.evaluate("() => window.notReloaded") is True
    points = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas')).data.datasets[0].data.length"
    )
    assert points == len(VALUES) + 1
    assert DataPoint.objects.filter(measure=waits, period=dt.date(2025, 7, 1), value=91.5).exists()

    # A refused value explains itself and saves nothing.
    page.get_by_label("Period", exact=True).first.fill("2025-07-01")
    page.get_by_label("Value", exact=True).fill("ninety")
    page.get_by_role("button", name="Save the value").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a number")
    assert_accessible(page)

    # The suggested recalculation is offered, and applied only when the team confirms it.
    assert not Annotation.objects.exists()
    page.get_by_role("button", name="Recalculate the limits from April 2024").click()
    expect(page.get_by_role("status")).to_have_text("Added the annotation")
    assert Annotation.objects.get().starts_segment
    assert page.evaluate("() => window.notReloaded") is True
    assert_accessible(page)


def test_the_board_reads_and_sorts_the_summary(
    signed_in_page: Callable[[User], Page],
    board_user: User,
    staff_user: User,
    waits: Measure,
    org: Organisation,
) -> None:
    falls_values = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6, 15]
    falls = {"name": "Falls", "improvement": "decrease", "kind": "outcome", "on_board": True}
    make_measure(org, falls_values, by=staff_user, **falls)
    make_measure(org, falls_values, by=staff_user, name="Ward kitchen audits")
    Measure.objects.filter(pk=waits.pk).update(on_board=True)
    page = signed_in_page(board_user)
    page.get_by_role("navigation", name="Organisation").get_by_role(
        "link", name="Board summary"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrated quality report")
    rows = page.locator("tbody th[scope=row] a")
    expect(rows).to_have_text(["Falls", "Seen within 4 hours"])
    assert_accessible(page)
    page.get_by_role("link", name="Variation (sort by variation)").click()
    expect(page).to_have_url(re.compile(r"sort=variation"))
    expect(rows).to_have_text(["Falls", "Seen within 4 hours"])
    expect(page.get_by_role("columnheader", name="Variation")).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert_accessible(page)

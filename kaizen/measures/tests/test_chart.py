"""The chart's JSON is kaizen_spc's result laid out for Chart.js, safely embedded in the page."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from kaizen.accounts.models import Organisation, User
from kaizen.measures import services
from kaizen.measures.charts import chart_data
from kaizen.measures.icons import POINT_COLOURS
from kaizen.measures.models import Measure
from kaizen.testing import MeasureFactory

ClientFor = Callable[[User], Client]


def page_chart(client: Client, measure: Measure) -> dict[str, object]:
    path = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client.get(path).content.decode()
    found = re.search(r'<script type="application/json" id="chart-data-\d+">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_page_carries_kaizen_spcs_points_and_limits(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    data = page_chart(client_for(staff_user), measure)
    result = measure.compute_spc()
    assert data["values"] == [point.value for point in result.points]
    assert data["colours"] == [POINT_COLOURS[point.point_type] for point in result.points]
    assert data["special"] == [point.special_cause for point in result.points]
    lines = {line["kind"]: line["values"] for line in data["lines"]}  # type: ignore[attr-defined]
    assert lines["centre"] == [point.centre for point in result.points]
    assert lines["upper"] == [point.upper for point in result.points]
    assert data["target"] == 85.0
    assert data["labels"][0] == "January 2023"  # type: ignore[index]


def test_points_are_coloured_as_making_data_count_does(measure: Measure) -> None:
    result = measure.compute_spc()
    data = chart_data(measure, result)
    colours = {point.point_type: data["colours"][i] for i, point in enumerate(result.points)}
    # Higher is better: the low run before the step is a concern, the high run an improvement.
    assert colours == {"special_cause_concern": "#FAB428", "special_cause_improvement": "#289DE0"}
    for index, point in enumerate(result.points):
        assert point.reason in data["tooltips"][index]


def test_common_cause_points_are_grey(org: Organisation, make_measure: MeasureFactory) -> None:
    measure = make_measure(org, [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6])
    data = chart_data(measure, measure.spc_result())
    assert set(data["colours"]) == {"#7B7D7D"}
    assert all("Common cause variation" in lines for lines in data["tooltips"])


def test_limits_break_at_a_recalculation(measure: Measure, staff_user: User) -> None:
    services.annotation_add(
        measure=measure,
        period=dt.date(2024, 4, 1),
        text="New triage",
        starts_segment=True,
        by=staff_user,
    )
    data = chart_data(measure, measure.spc_result(), measure.annotations.all())
    centres = [line for line in data["lines"] if line["kind"] == "centre"]
    assert len(centres) == 2
    first, second = (line["values"] for line in centres)
    assert first[14] is not None and first[15] is None
    assert second[14] is None and second[15] is not None
    assert [line["inLegend"] for line in centres] == [True, False]
    assert data["markers"] == [{"index": 15, "number": 1, "text": "New triage", "rebase": True}]


def test_a_tested_changes_mark_carries_its_outcome_to_the_hover_text_and_the_list(
    measure: Measure, staff_user: User, board_user: User, client_for: ClientFor
) -> None:
    mark = services.annotation_add(
        measure=measure,
        period=dt.date(2024, 4, 1),
        text="Change started: Streaming at triage",
        url="/o/riverside/projects/ideas/7/",
        by=staff_user,
    )
    services.annotation_set_outcome(
        annotation=mark, outcome="No signal yet", url="/o/riverside/projects/ideas/7/"
    )
    data = page_chart(client_for(board_user), measure)
    expected = "Change started: Streaming at triage (No signal yet)"
    assert data["markers"] == [{"index": 15, "number": 1, "text": expected, "rebase": False}]
    tooltips: list[list[str]] = data["tooltips"]  # type: ignore[assignment]
    assert tooltips[15][-1] == f"1. {expected}"
    assert not any(expected in line for line in tooltips[14])
    html = page_html(client_for(board_user), measure)
    assert "Changes tested on this measure" in html
    assert (
        '<a href="/o/riverside/projects/ideas/7/">Change started: Streaming at triage</a> '
        "(April 2024):\n          <strong>No signal yet</strong>"
    ) in html


def test_two_sigma_lines_only_when_asked_for(measure: Measure, staff_user: User) -> None:
    kinds = {line["kind"] for line in chart_data(measure, measure.spc_result())["lines"]}
    assert "upper_2s" not in kinds
    services.measure_update(measure=measure, by=staff_user, show_2s=True)
    kinds = {line["kind"] for line in chart_data(measure, measure.spc_result())["lines"]}
    assert {"upper_2s", "lower_2s"} <= kinds


def test_text_in_the_json_cannot_close_the_script(
    org: Organisation, make_measure: MeasureFactory, staff_user: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, [5, 6, 7])
    services.annotation_add(
        measure=measure,
        period=dt.date(2023, 2, 1),
        text="</script><script>alert(1)</script>",
        by=staff_user,
    )
    path = reverse("measures:measure_detail", kwargs={"org": org.slug, "pk": measure.pk})
    html = client_for(staff_user).get(path).content.decode()
    assert "<script>alert(1)" not in html
    data = page_chart(client_for(staff_user), measure)
    assert data["markers"][0]["text"] == "</script><script>alert(1)</script>"  # type: ignore[index]


def test_the_canvas_has_a_name_and_the_data_a_table(
    measure: Measure, board_user: User, client_for: ClientFor
) -> None:
    path = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client_for(board_user).get(path).content.decode()
    assert re.search(r'<canvas role="img"[^>]*aria-label="XmR \(individuals\) chart of ', html)
    assert 'aria-describedby="measure-reading"' in html
    assert "<table" in html and "December 2024" in html
    # The board reads the chart but is offered no forms to change it.
    assert "Save the value" not in html


def page_html(client: Client, measure: Measure) -> str:
    path = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    return client.get(path).content.decode()


def test_warnings_are_shown_beside_the_chart(
    org: Organisation, make_measure: MeasureFactory, board_user: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, [5, 6, 5, 7])
    html = page_html(client_for(board_user), measure)
    assert "Read this chart with care" in html
    for warning in measure.spc_result().summary.warnings:
        assert escape(warning) in html


def test_a_suggested_recalculation_is_offered_to_the_team_only(
    measure: Measure, staff_user: User, board_user: User, client_for: ClientFor
) -> None:
    assert measure.spc_result().summary.suggested_rebase == dt.date(2024, 4, 1)
    button = "Recalculate the limits from April 2024"
    assert button in page_html(client_for(staff_user), measure)
    assert button not in page_html(client_for(board_user), measure)
    # Offered, never applied by itself.
    assert not measure.annotations.exists()
    assert {point.segment for point in measure.spc_result().points} == {0}

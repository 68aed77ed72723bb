"""SVG charts (kaizen_spc.svg), checked as XML documents."""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from kaizen_spc.svg import POINT_COLOURS, describe, render_sparkline_svg, render_svg
from kaizen_spc.types import Point, PointType, SeriesResult, Summary

SVG = "{http://www.w3.org/2000/svg}"


def point(
    index: int,
    value: float | None,
    *,
    segment: int = 0,
    centre: float = 10.0,
    spread: float = 3.0,
    point_type: PointType = "common_cause",
) -> Point:
    return Point(
        period=dt.date(2023 + index // 12, index % 12 + 1, 1),
        value=value,
        denominator=None,
        segment=segment,
        baseline=True,
        included=True,
        centre=centre,
        lower=centre - spread,
        upper=centre + spread,
        lower_2s=centre - 2 * spread / 3,
        upper_2s=centre + 2 * spread / 3,
        outside_limits=False,
        shift=False,
        trend=False,
        two_in_three=False,
        special_cause=point_type != "common_cause",
        point_type=point_type,
    )


def result(
    points: Sequence[Point], *, series: str = "beds", warnings: tuple[str, ...] = ()
) -> SeriesResult:
    last = points[-1]
    summary = Summary(
        series=series,
        chart="xmr",
        rules="mdc",
        n=len(points),
        n_useful=len(points),
        centre=last.centre,
        lower=last.lower,
        upper=last.upper,
        variation_icon="common_cause",
        assurance_icon="inconsistent",
        longest_run=None,
        longest_run_max=None,
        crossings=None,
        crossings_min=None,
        runs_signal=False,
        short_group_warning=False,
        warnings=warnings,
    )
    return SeriesResult(summary=summary, points=tuple(points))


def parse(document: str) -> ET.Element:
    return ET.fromstring(document)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in element.get("class", "").split()]


def numbers_in(root: ET.Element) -> list[str]:
    found = []
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "d", "points"):
            found += re.findall(r"[-+0-9.eEnaNif]+", element.get(name, ""))
    return found


def test_it_colours_each_point_by_its_type() -> None:
    types: list[PointType] = [
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    ]
    root = parse(
        render_svg(result([point(i, 10.0 + i, point_type=t) for i, t in enumerate(types)]))
    )

    for point_type in types:
        [circle] = by_class(root, point_type)
        assert circle.get("fill") == POINT_COLOURS[point_type]
    assert {POINT_COLOURS[t] for t in types} == {"#7B7D7D", "#289DE0", "#FAB428", "#361475"}


def test_it_draws_centre_and_limits_once_per_segment() -> None:
    points = [point(i, 10.0 + i % 3, segment=0) for i in range(12)]
    points += [point(i, 20.0 + i % 3, segment=1, centre=21.0) for i in range(12, 24)]

    root = parse(render_svg(result(points)))

    for kind in ("centre", "lower", "upper"):
        lines = by_class(root, kind)
        assert [line.get("data-segment") for line in lines] == ["0", "1"], kind
    assert len(by_class(root, "rebase")) == 1
    assert by_class(root, "lower-2s") == []
    assert len(by_class(parse(render_svg(result(points), show_2s=True)), "upper-2s")) == 2


def test_it_steps_limits_that_vary_from_point_to_point() -> None:
    points = [point(i, 10.0, spread=2.0 + i % 2) for i in range(6)]

    [upper] = by_class(parse(render_svg(result(points))), "upper")

    assert upper.get("d", "").count("V") == 5


def test_it_leaves_a_gap_for_a_missing_value_and_no_nan_coordinates() -> None:
    points = [point(i, None if i == 4 else 10.0 + i % 3) for i in range(10)]
    points[7] = points[7]._replace(upper=math.nan, lower=None)

    root = parse(render_svg(result(points)))

    assert len(by_class(root, "values")) == 2
    assert len(by_class(root, "point")) == 9
    assert len(by_class(root, "upper")) == 2  # the missing limit breaks the line
    assert not [number for number in numbers_in(root) if "nan" in number.lower() or "inf" in number]


def test_it_escapes_text_and_describes_the_chart() -> None:
    title = 'A&E <type 1> "4 hours"\x01'
    document = render_svg(
        result([point(i, 10.0 + i % 3) for i in range(12)], warnings=("Gap in <dates>",)),
        title=title,
        unit="%",
        annotations=[(dt.date(2023, 3, 1), "New <triage> & streaming")],
    )

    root = parse(document)

    assert root.get("role") == "img"
    title_element = root.find(f"{SVG}title")
    description = root.find(f"{SVG}desc")
    assert title_element is not None and description is not None
    assert title_element.text == 'A&E <type 1> "4 hours"'
    assert root.get("aria-labelledby") == f"{title_element.get('id')} {description.get('id')}"
    assert description.text is not None
    assert description.text.startswith("XmR chart of 12 points from Jan 2023 to Dec 2023.")
    assert "Gap in <dates>." in description.text
    [annotation] = by_class(root, "annotation")
    assert "".join(annotation.itertext()) == "New <triage> & streaming"


def test_it_labels_a_target_and_month_ticks() -> None:
    root = parse(render_svg(result([point(i, 10.0 + i % 3) for i in range(24)]), target=12.5))

    [label] = by_class(root, "target-label")
    assert label.text == "Target 12.5"
    [line] = by_class(root, "target")
    # Dark grey and dash-dot, never red (Kaizen does not use red, amber or green).
    assert line.get("stroke") == label.get("fill") == "#425563"
    assert line.get("stroke-dasharray") == "8 3 2 3"
    tick_labels = [text.text for text in root.iter(f"{SVG}text")]
    assert "Jan 2023" in tick_labels and "Apr 2023" in tick_labels


def test_it_has_no_external_references() -> None:
    document = render_svg(result([point(i, 10.0 + i % 3) for i in range(12)]), title="x")

    assert "href" not in document and "url(" not in document and "@import" not in document


def test_it_draws_a_sparkline_with_the_latest_point_emphasised() -> None:
    points = [point(i, 10.0 + i % 3) for i in range(11)]
    points.append(point(11, None))
    points[10] = point(10, 19.0, point_type="special_cause_concern")

    root = parse(render_sparkline_svg(result(points, series="Falls & <harm>")))

    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "Falls & <harm>: latest value 19 in Nov 2023, special cause variation, concern"
    )
    [latest] = by_class(root, "latest")
    assert latest.get("fill") == POINT_COLOURS["special_cause_concern"]


def test_it_describes_a_chart_without_data() -> None:
    points = [point(i, None) for i in range(3)]

    assert describe(result(points)) == "XmR chart with no data."
    assert parse(render_svg(result(points))).find(f"{SVG}desc") is not None

"""Signals, point types, icons and summaries against NHSRplotthedots 0.2.2 (rule set mdc).

The expected values are the package's own test-suite outputs, produced by running it in R
(``reference-tests/NHSRplotthedots``); limits are checked in
``test_reference_nhsrplotthedots_limits.py``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import polars as pl
import pytest
from reference_data import shared_data

from kaizen_spc import spc_batch
from kaizen_spc._arrays import Limits
from kaizen_spc.summary import _ASSURANCE_ICONS, _assurance
from kaizen_spc.types import SPCOptions

FRAMES = {
    # reference result: (input file, date column, value column, screen moving ranges)
    "spc_standard_r1.csv": ("spc_standard_r1.csv", "x", "y", True),
    "spc_standard_r2.csv": ("spc_standard_r2_r3.csv", "x", "y", True),
    "spc_standard_r3_unscreened.csv": ("spc_standard_r2_r3.csv", "x", "y", False),
    "two_in_three_opposite.csv": ("two_in_three_opposite.csv", "date", "data", True),
}
# The rule behind each special_cause_type, as a column of Kaizen's points.
RULE_COLUMNS = {
    "UCL": "outside_limits",
    "LCL": "outside_limits",
    "Trend": "trend",
    "2 in 3": "two_in_three",
    "7 Points": "shift",
}
ASSURANCE = {"pass": "consistent_pass", "fail": "consistent_fail", "inconsistent": "inconsistent"}


def _csv(*parts: str) -> pl.DataFrame:
    path = shared_data("reference-tests", "NHSRplotthedots", *parts)
    return pl.read_csv(path, null_values=["NA"], infer_schema=False)


def _asserted() -> dict[str, Any]:
    path = shared_data("reference-tests", "NHSRplotthedots", "asserted_values.json")
    return dict(json.loads(path.read_text()))


def _input(name: str, date: str, value: str, series: str | None = None) -> pl.DataFrame:
    columns = [
        pl.col(date).str.to_date().alias("period"),
        pl.col(value).cast(pl.Float64).alias("value"),
    ]
    if series is not None:
        columns.append(pl.col(series).alias("series"))
    return _csv("inputs", name).select(columns)


@pytest.mark.parametrize("reference", sorted(FRAMES))
def test_it_gives_the_reference_signals_point_by_point(reference: str) -> None:
    source, date, value, screen = FRAMES[reference]
    points = spc_batch(_input(source, date, value), series=None, screen=screen).points
    expected = _csv(reference)
    assert points["point_type"].to_list() == expected["point_type"].to_list()

    y = points["value"].to_numpy()
    side = np.sign(y - points["centre"].to_numpy()).astype(int)
    assert side.tolist() == expected["relative_to_mean"].cast(pl.Int64).to_list()
    outside = points["outside_limits"].to_numpy()
    assert outside.tolist() == (expected["outside_limits"] == "TRUE").to_list()
    beyond_2s = (y > points["upper_2s"].to_numpy()) | (y < points["lower_2s"].to_numpy())
    close = (beyond_2s & ~outside).tolist()
    assert close == (expected["close_to_limits"] == "TRUE").to_list()

    special = points["special_cause"].to_list()
    assert special == (expected["special_cause_flag"] == "TRUE").to_list()
    for row, label in enumerate(expected["special_cause_type"].to_list()):
        flags = {column: points[column][row] for column in set(RULE_COLUMNS.values())}
        if label == "Common Cause":
            assert not any(flags.values())
        else:
            rule = next(column for key, column in RULE_COLUMNS.items() if key in label)
            assert flags[rule], (row, label)


def test_it_ignores_a_two_in_three_window_that_crosses_the_mean() -> None:
    points = spc_batch(_input("two_in_three_opposite.csv", "date", "data"), series=None).points
    expected = _asserted()["two_in_three_opposite"]["now"]
    assert points["point_type"].tail(2).to_list() == expected


def test_it_gives_the_reference_summary_per_facet() -> None:
    frame = _input("summary_facets.csv", "x", "y", series="facet")
    batch = spc_batch(frame)
    expected = _csv("summary_facets.csv")
    summary = batch.summary
    assert summary["series"].to_list() == expected["f"].to_list()
    assert summary["n"].to_list() == expected["n"].cast(pl.Int64).to_list()
    for column, reference in (("centre", "mean_col"), ("lower", "lpl"), ("upper", "upl")):
        np.testing.assert_allclose(
            summary[column].to_numpy(), expected[reference].cast(pl.Float64).to_numpy(), rtol=1e-12
        )
    assert summary["variation_icon"].to_list() == expected["variation_type"].to_list()
    counts = batch.points.group_by("series", maintain_order=True).agg(
        common_cause=(pl.col("point_type") == "common_cause").sum(),
        special_cause_improvement=(pl.col("point_type") == "special_cause_improvement").sum(),
        special_cause_concern=(pl.col("point_type") == "special_cause_concern").sum(),
    )
    for column in ("common_cause", "special_cause_improvement", "special_cause_concern"):
        assert counts[column].to_list() == expected[column].cast(pl.UInt32).to_list()


@pytest.mark.parametrize("case", [f"s{number}" for number in range(1, 10)])
def test_it_gives_the_reference_icons(case: str) -> None:
    spec = _asserted()["icons"]["cases"][case]
    args = spec["args"] or {}
    faceted = "facet_field" in args
    frame = _input(f"icons_{case}.csv", "x", "y", series="f" if faceted else None)
    batch = spc_batch(
        frame,
        series="series" if faceted else None,
        target=args.get("target"),
        improvement=args.get("improvement_direction", "increase"),
    )
    expected = spec["expected_icons"]
    expected = [expected] if isinstance(expected, str) else expected
    variation = [
        icon.split("/")[1].removesuffix(".svg") for icon in expected if "variation/" in icon
    ]
    assurance = [
        ASSURANCE[icon.split("/")[1].removesuffix(".svg")]
        for icon in expected
        if "assurance/" in icon
    ]
    assert batch.summary["variation_icon"].to_list() == variation
    shown = [icon for icon in batch.summary["assurance_icon"].to_list() if icon]
    assert shown == assurance


@pytest.mark.parametrize("improvement", ["increase", "decrease", "neutral"])
def test_it_gives_the_reference_assurance_table(improvement: str) -> None:
    asserted = _asserted()["assurance"]
    for row, expected in zip(asserted["table"], asserted[improvement], strict=True):
        line = np.ones(1)
        limits = Limits(line, line * row["mean"], line * row["lpl"], line * row["upl"], line, line)
        options = SPCOptions(target=row["target"], improvement=improvement)  # type: ignore[arg-type]
        icon = _ASSURANCE_ICONS[_assurance(limits, np.array([0]), options)[0]]
        assert icon == ("" if expected == "NA" else expected)


def test_it_agrees_with_the_reference_rule_helpers() -> None:
    from rule_cases import flagged, signals_for

    for case in _asserted()["rule_helpers"]["cases"]:
        args, result = case["args"], case["result"]
        if case["fun"] == "ptd_seven_point_one_side_mean":
            # The helper marks the seventh point of a run; a run's points follow from it.
            signals = signals_for(np.array(args[0], dtype=float) * 0.5)
            ends = [i for i, value in enumerate(result) if value]
            expected = sorted({j for end in ends for j in range(end - 6, end + 1)})
            assert flagged(signals.shift) == expected
        elif case["fun"] == "ptd_seven_point_trend":
            signals = signals_for(np.array(args[0], dtype=float), upper=100)
            ends = [i for i, value in enumerate(result) if value]
            expected = sorted({j for end in ends for j in range(end - 6, end + 1)})
            assert flagged(signals.trend) == expected
        elif case["fun"] == "ptd_two_in_three":
            close, rtm = (np.array(arg, dtype=float) for arg in args)
            # Close points at 2.5 (between the 2-sigma line 2 and the limit 3), others at 0.5.
            values = rtm * np.where(close == 1, 2.5, 0.5)
            signals = signals_for(values)
            expected = [
                i for i, (hit, near) in enumerate(zip(result, close, strict=True)) if hit and near
            ]
            assert flagged(signals.two_in_three) == expected

"""The anhoej rule set (qicharts2 0.8.1, SPC.md §2.3) on small constructed series."""

from __future__ import annotations

import pytest
from rule_cases import NAN, flagged, point_types, reasons, signals_for

from kaizen_spc.rules import crossings_min


def test_it_skips_points_on_the_centre_line() -> None:
    # Eight points above with two on the centre line: one run of 8 useful points.
    values = [1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0]
    signals = signals_for(values, rules="anhoej")
    assert signals.n_useful.tolist() == [8]
    assert signals.longest_run.tolist() == [8]
    assert signals.crossings.tolist() == [0]


def test_it_computes_the_anhoej_limits_from_the_useful_points() -> None:
    signals = signals_for([1.0, -1.0] * 12, rules="anhoej")
    assert signals.longest_run_max.tolist() == [8]  # round(log2(24)) + 3
    assert signals.crossings_min.tolist() == [8]
    assert signals.crossings.tolist() == [23]
    assert signals.runs_signal.tolist() == [False]


def test_it_signals_a_run_longer_than_the_limit_and_marks_its_points() -> None:
    values = [1.0, -1.0] * 4 + [1.0] * 9 + [-1.0, 1.0] * 4
    signals = signals_for(values, rules="anhoej")
    # 25 useful points: longest run allowed round(log2(25)) + 3 = 8.
    assert signals.longest_run.tolist() == [9]
    assert signals.runs_signal.tolist() == [True]
    assert flagged(signals.shift) == list(range(8, 17))
    assert reasons(signals)[8] == "9 points in a row above the centre line"
    assert point_types(signals)[8] == "special_cause_improvement"


def test_it_does_not_mark_a_run_at_the_limit() -> None:
    values = [1.0, -1.0] * 4 + [1.0] * 8 + [-1.0, 1.0] * 5
    signals = signals_for(values, rules="anhoej")
    assert signals.longest_run.tolist() == [8]
    assert signals.longest_run_max.tolist() == [8]
    assert flagged(signals.shift) == []


def test_it_signals_too_few_crossings_in_the_summary_only() -> None:
    values = [1.0] * 6 + [-1.0] * 6 + [1.0] * 6 + [-1.0] * 6
    signals = signals_for(values, rules="anhoej")
    assert signals.crossings.tolist() == [3]
    assert signals.runs_signal.tolist() == [True]
    assert flagged(signals.shift) == []


def test_it_leaves_missing_and_excluded_points_out_of_the_runs() -> None:
    values = [1.0, NAN, 1.0, 5.0, 1.0, -1.0]
    signals = signals_for(values, rules="anhoej", excluded=[3])
    assert signals.n_useful.tolist() == [4]
    assert signals.longest_run.tolist() == [3]
    assert flagged(signals.outside_limits) == [3]


def test_it_has_no_statistics_without_useful_points() -> None:
    signals = signals_for([0.0, 0.0, NAN], rules="anhoej")
    assert signals.n_useful.tolist() == [0]
    assert signals.longest_run.tolist() == [-1]
    assert signals.longest_run_max.tolist() == [-1]
    assert signals.runs_signal.tolist() == [False]


def test_it_computes_runs_per_segment() -> None:
    signals = signals_for([1.0] * 5 + [-1.0] * 5, rules="anhoej", segment_starts=(0, 5))
    assert signals.longest_run.tolist() == [5, 5]
    assert signals.crossings.tolist() == [0, 0]


def test_it_has_no_trend_or_two_in_three() -> None:
    signals = signals_for([0.1, 0.2, 0.3, 0.4, 2.5, 2.6, 2.7], rules="anhoej")
    assert flagged(signals.trend) == []
    assert flagged(signals.two_in_three) == []


def test_it_does_no_runs_analysis_on_moving_range_charts() -> None:
    signals = signals_for([1.0] * 20, rules="anhoej", chart="mr")
    assert signals.longest_run.tolist() == [20]
    assert signals.runs_signal.tolist() == [False]
    assert flagged(signals.shift) == []


def test_it_tests_every_point_against_the_limits() -> None:
    signals = signals_for([0.5, 3.0, 3.5, -3.5], rules="anhoej", excluded=[2])
    assert flagged(signals.outside_limits) == [2, 3]


@pytest.mark.parametrize(
    ("n", "expected"), [(1, 0), (2, 0), (10, 2), (12, 3), (20, 6), (24, 8), (40, 14), (100, 41)]
)
def test_it_matches_qbinom_for_the_crossings_minimum(n: int, expected: int) -> None:
    assert crossings_min(n) == expected

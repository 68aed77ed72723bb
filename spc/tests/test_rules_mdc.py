"""The mdc rule set (NHSRplotthedots 0.2.2, SPC.md §1.4-1.5) on small constructed series."""

from __future__ import annotations

import numpy as np
import pytest
from rule_cases import NAN, flagged, point_types, reasons, signals_for

ABOVE = [1.0] * 7
BELOW = [-1.0] * 7


def test_it_flags_seven_points_on_one_side_as_a_shift() -> None:
    signals = signals_for([-1.0, *ABOVE, -1.0])
    assert flagged(signals.shift) == [1, 2, 3, 4, 5, 6, 7]
    assert reasons(signals)[1] == "7 points in a row above the centre line"
    assert point_types(signals)[1] == "special_cause_improvement"


def test_it_does_not_flag_six_points_on_one_side() -> None:
    assert flagged(signals_for([*ABOVE[:6], -1.0]).shift) == []


def test_it_lets_a_point_on_the_mean_break_a_shift() -> None:
    signals = signals_for([1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    assert flagged(signals.shift) == []


def test_it_lets_a_missing_value_break_a_shift() -> None:
    signals = signals_for([1.0, 1.0, 1.0, NAN, 1.0, 1.0, 1.0, 1.0])
    assert flagged(signals.shift) == []


def test_it_lets_an_excluded_point_break_a_shift_but_still_tests_it_against_the_limits() -> None:
    signals = signals_for([1.0, 1.0, 1.0, 5.0, 1.0, 1.0, 1.0, 1.0], excluded=[3])
    assert flagged(signals.shift) == []
    assert flagged(signals.outside_limits) == [3]


def test_it_never_runs_a_shift_across_a_rebase() -> None:
    signals = signals_for([1.0] * 10, segment_starts=(0, 5))
    assert flagged(signals.shift) == []


def test_it_uses_the_shift_length_option() -> None:
    assert flagged(signals_for([*ABOVE[:6], -1.0], shift_length=6).shift) == [0, 1, 2, 3, 4, 5]


def test_it_flags_seven_increasing_points_as_a_trend() -> None:
    signals = signals_for([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 0.5], upper=10)
    assert flagged(signals.trend) == [0, 1, 2, 3, 4, 5, 6]
    assert reasons(signals)[0] == "Part of 7 points increasing"


def test_it_does_not_flag_six_increasing_points() -> None:
    assert flagged(signals_for([1.0, 1.1, 1.2, 1.3, 1.4, 1.5], upper=10).trend) == []


def test_it_lets_an_equal_value_break_a_trend() -> None:
    assert flagged(signals_for([1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0], upper=10).trend) == []


def test_it_survives_a_missing_value_inside_a_seven_point_window() -> None:
    # NHSRplotthedots stops with "missing value where TRUE/FALSE needed" here (SPC.md §1.9).
    signals = signals_for([1.0, 2.0, 3.0, NAN, 4.0, 5.0, 6.0, 7.0], upper=10)
    assert flagged(signals.trend) == []


def test_it_uses_the_trend_length_option() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert flagged(signals_for(values, upper=10, trend_length=6).trend) == [0, 1, 2, 3, 4, 5]


def test_it_ignores_the_position_of_a_trend_relative_to_the_mean() -> None:
    values = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 2.5]
    assert flagged(signals_for(values, upper=10).trend) == [0, 1, 2, 3, 4, 5, 6]


def test_it_never_runs_a_trend_across_a_rebase() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert flagged(signals_for(values, upper=10, segment_starts=(0, 4)).trend) == []


def test_it_gives_the_point_joining_two_rising_trends_with_an_equal_pair_the_rising_label() -> None:
    # The reference labels point 6 "Decreasing" (a concern inside an improvement); Kaizen
    # gives a point the direction of the trend it belongs to (docs/differences.md).
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0]
    signals = signals_for(values, centre=7.0, upper=100)
    assert flagged(signals.trend) == list(range(14))
    assert set(point_types(signals)) == {"special_cause_improvement"}
    assert reasons(signals)[6] == "Part of 7 points increasing"


def test_it_labels_the_shared_peak_of_a_rise_and_a_fall_as_decreasing() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    signals = signals_for(values, centre=4.5, upper=100)
    types = point_types(signals)
    assert types[5] == "special_cause_improvement"
    assert types[6] == "special_cause_concern"
    assert reasons(signals)[6] == "Part of 7 points decreasing"


def test_it_labels_the_shared_trough_of_a_fall_and_a_rise_as_increasing() -> None:
    values = [7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert point_types(signals_for(values, centre=4.5, upper=100))[6] == (
        "special_cause_improvement"
    )


def test_it_flags_the_close_points_of_two_in_three_but_not_the_third() -> None:
    signals = signals_for([0.5, 2.5, 0.5, 2.5, 0.5])
    assert flagged(signals.two_in_three) == [1, 3]
    assert reasons(signals)[1] == "2 of 3 points in a row close to the upper limit"


def test_it_needs_all_three_points_of_the_window_on_one_side() -> None:
    assert flagged(signals_for([2.5, -0.5, 2.5]).two_in_three) == []


def test_it_does_not_count_a_point_exactly_on_the_two_sigma_line() -> None:
    assert flagged(signals_for([2.5, 2.0, 0.5], upper=3.0).two_in_three) == []


def test_it_counts_a_point_exactly_on_the_limit_as_close_but_not_outside() -> None:
    signals = signals_for([3.0, 2.5, 0.5])
    assert flagged(signals.outside_limits) == []
    assert flagged(signals.two_in_three) == [0, 1]


def test_it_leaves_points_beyond_the_limits_out_of_two_in_three() -> None:
    signals = signals_for([3.5, 2.5, 0.5])
    assert flagged(signals.two_in_three) == []
    assert flagged(signals.outside_limits) == [0]


def test_it_counts_points_beyond_the_limits_with_two_in_three_beyond() -> None:
    signals = signals_for([3.5, 2.5, 0.5], two_in_three_beyond=True)
    assert flagged(signals.two_in_three) == [0, 1]
    assert reasons(signals)[:2] == [
        "Above the upper limit",
        "2 of 3 points in a row close to the upper limit",
    ]


def test_it_never_runs_two_in_three_across_a_rebase() -> None:
    assert flagged(signals_for([2.5, 2.5, 0.5, 0.5], segment_starts=(0, 1)).two_in_three) == []


def test_it_flags_only_points_strictly_beyond_a_limit() -> None:
    signals = signals_for([3.0, 3.0001, -3.0, -3.0001])
    assert flagged(signals.outside_limits) == [1, 3]
    assert reasons(signals)[1] == "Above the upper limit"
    assert reasons(signals)[3] == "Below the lower limit"
    assert point_types(signals)[3] == "special_cause_concern"


def test_it_ranks_outside_above_trend_above_two_in_three_above_shift() -> None:
    # Rising close to the lower limit: a trend (improvement), two in three and a shift below
    # the mean (concerns); then a point beyond the lower limit.
    values = [-2.9, -2.8, -2.7, -2.6, -2.5, -2.4, -2.3, -4.0]
    signals = signals_for(values)
    assert flagged(signals.shift) == list(range(8))
    assert flagged(signals.two_in_three) == list(range(7))
    assert flagged(signals.trend) == list(range(7))
    assert point_types(signals)[:7] == ["special_cause_improvement"] * 7
    assert reasons(signals)[7] == "Below the lower limit"
    # Without the trend, two in three outranks the shift.
    flat = signals_for([-2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5])
    assert reasons(flat)[0] == "2 of 3 points in a row close to the lower limit"


def test_it_lets_improvement_win_when_asked() -> None:
    # Falling while above the mean: a shift (improvement, direction increase) and a trend
    # (concern). The reference ranks the trend first; the MDC Excel tool shows improvement.
    values = [2.9, 2.8, 2.7, 2.6, 2.5, 2.4, 2.3]
    default = signals_for(values, upper=10)
    assert set(point_types(default)) == {"special_cause_concern"}
    preferred = signals_for(values, upper=10, improvement_wins=True)
    assert set(point_types(preferred)) == {"special_cause_improvement"}
    assert reasons(preferred)[0] == "7 points in a row above the centre line"


def test_it_orients_point_types_by_the_improvement_direction() -> None:
    values = [4.0, -4.0]
    assert point_types(signals_for(values, improvement="decrease")) == [
        "special_cause_concern",
        "special_cause_improvement",
    ]
    assert point_types(signals_for(values, improvement="neutral")) == [
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    ]


def test_it_still_finds_shifts_and_trends_without_limits() -> None:
    # Zero variation with screening gives NaN limits (SPC.md §1.3).
    signals = signals_for([1.0] * 8, upper=NAN, lower=NAN)
    assert flagged(signals.outside_limits) == []
    assert flagged(signals.shift) == list(range(8))


def test_it_flags_every_point_off_zero_width_limits() -> None:
    signals = signals_for([5.0, 5.0, 6.0, 5.0], centre=5.0, upper=5.0, lower=5.0)
    assert flagged(signals.outside_limits) == [2]


def test_it_handles_a_single_point() -> None:
    signals = signals_for([1.0], upper=NAN, lower=NAN)
    assert point_types(signals) == ["common_cause"]
    assert signals.n_useful.tolist() == [1]


@pytest.mark.parametrize(
    ("rtm", "expected"),
    [
        ([1, 1, 1, 1, 1, 1], []),
        ([1, 1, 1, 1, 1, 1, -1], []),
        ([1, 1, 1, 1, 1, 1, 1, 1, -1], [0, 1, 2, 3, 4, 5, 6, 7]),
        ([-1, -1, -1, -1, -1, -1, -1, -1, 1], [0, 1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_it_agrees_with_the_reference_shift_helper(rtm: list[int], expected: list[int]) -> None:
    assert flagged(signals_for(np.array(rtm, dtype=float) * 0.5).shift) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 3, 4, 5, 6], []),
        ([1, 2, 3, 3, 4, 5, 6], []),
        ([1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6]),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], [1, 2, 3, 4, 5, 6, 7]),
        ([2, 7, 6, 5, 4, 3, 2, 1, 3], [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_it_agrees_with_the_reference_trend_helpers(values: list[int], expected: list[int]) -> None:
    assert flagged(signals_for(np.array(values, dtype=float), upper=100).trend) == expected

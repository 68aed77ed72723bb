"""The ihi rule set (run-chart rules as IHI teaches them, SPC.md §3) on constructed series."""

from __future__ import annotations

from rule_cases import NAN, flagged, point_types, reasons, signals_for

RUN_CHART = {"rules": "ihi", "upper": NAN, "lower": NAN}


def test_it_flags_six_points_on_one_side_as_a_shift() -> None:
    signals = signals_for([-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0], **RUN_CHART)
    assert flagged(signals.shift) == [1, 2, 3, 4, 5, 6]
    assert reasons(signals)[1] == "6 points in a row above the centre line"


def test_it_does_not_flag_five_points_on_one_side() -> None:
    assert flagged(signals_for([1.0] * 5 + [-1.0], **RUN_CHART).shift) == []


def test_it_skips_points_on_the_median_in_a_shift() -> None:
    values = [1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    assert flagged(signals_for(values, **RUN_CHART).shift) == [0, 1, 3, 4, 6, 7]


def test_it_skips_missing_values_in_a_shift() -> None:
    values = [1.0, 1.0, NAN, 1.0, 1.0, 1.0, 1.0]
    assert flagged(signals_for(values, **RUN_CHART).shift) == [0, 1, 3, 4, 5, 6]


def test_it_flags_five_points_going_up_as_a_trend() -> None:
    signals = signals_for([3.0, 1.0, 2.0, 3.0, 4.0, 5.0, 1.0], **RUN_CHART)
    assert flagged(signals.trend) == [1, 2, 3, 4, 5]
    assert reasons(signals)[1] == "Part of 5 points increasing"


def test_it_does_not_flag_four_points_going_up() -> None:
    assert flagged(signals_for([1.0, 2.0, 3.0, 4.0, 1.0], **RUN_CHART).trend) == []


def test_it_counts_repeated_values_once_in_a_trend() -> None:
    # 1 2 2 3 4: four distinct values, no trend; 1 2 2 3 4 5: five, a trend over all six.
    assert flagged(signals_for([1.0, 2.0, 2.0, 3.0, 4.0], **RUN_CHART).trend) == []
    signals = signals_for([1.0, 2.0, 2.0, 3.0, 4.0, 5.0], **RUN_CHART)
    assert flagged(signals.trend) == [0, 1, 2, 3, 4, 5]
    assert reasons(signals)[2] == "Part of 5 points increasing"


def test_it_starts_a_trend_at_the_last_repeat_of_its_first_value() -> None:
    signals = signals_for([1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 5.0], **RUN_CHART)
    assert flagged(signals.trend) == [1, 2, 3, 4, 5]


def test_it_labels_a_peak_by_the_trend_that_starts_there() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    signals = signals_for(values, centre=3.0, **RUN_CHART)
    assert flagged(signals.trend) == list(range(9))
    assert point_types(signals)[4] == "special_cause_concern"
    assert point_types(signals)[3] == "special_cause_improvement"


def test_it_marks_astronomical_points_as_special() -> None:
    signals = signals_for([0.5, 9.0, -0.5, -9.0], astronomical=[1, 3], **RUN_CHART)
    assert point_types(signals) == [
        "common_cause",
        "special_cause_improvement",
        "common_cause",
        "special_cause_concern",
    ]
    assert reasons(signals)[1] == "Marked as astronomical, above the centre line"
    assert flagged(signals.outside_limits) == []


def test_it_ignores_astronomical_marks_under_other_rule_sets() -> None:
    assert point_types(signals_for([0.5, 0.6], astronomical=[1])) == ["common_cause"] * 2


def test_it_adds_the_limits_when_the_chart_has_them() -> None:
    signals = signals_for([0.5, 3.5, -0.5], rules="ihi", upper=3.0)
    assert flagged(signals.outside_limits) == [1]
    assert point_types(signals)[1] == "special_cause_improvement"


def test_it_uses_the_length_options() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    signals = signals_for(values, centre=10.0, shift_length=8, trend_length=8, **RUN_CHART)
    assert flagged(signals.shift) == []
    assert flagged(signals.trend) == []


def test_it_reports_the_longest_run_without_anhoej_limits() -> None:
    signals = signals_for([1.0, 0.0, 1.0, -1.0, -1.0], **RUN_CHART)
    assert signals.longest_run.tolist() == [2]
    assert signals.crossings.tolist() == [1]
    assert signals.longest_run_max.tolist() == [-1]
    assert signals.runs_signal.tolist() == [False]

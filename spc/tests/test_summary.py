"""Summaries: icons, assurance, run statistics, warnings and the suggested rebase."""

from __future__ import annotations

import datetime as dt

import pytest

from kaizen_spc import SPCOptions, spc

STEADY = [5.0, 6.0, 5.0, 7.0, 6.0, 5.0, 6.0, 5.0, 6.0, 7.0, 5.0, 6.0, 5.0, 6.0]


def _periods(count: int) -> list[int]:
    return list(range(1, count + 1))


@pytest.mark.parametrize(
    ("last", "improvement", "icon"),
    [
        (20.0, "increase", "improvement_high"),
        (20.0, "decrease", "concern_high"),
        (-10.0, "increase", "concern_low"),
        (-10.0, "decrease", "improvement_low"),
        (20.0, "neutral", "neutral_high"),
        (-10.0, "neutral", "neutral_low"),
        (6.0, "increase", "common_cause"),
    ],
)
def test_it_picks_the_variation_icon_from_the_last_point(
    last: float, improvement: str, icon: str
) -> None:
    values = [*STEADY, last]
    summary = spc(_periods(len(values)), values, improvement=improvement).summary
    assert summary.variation_icon == icon


def test_it_shows_common_cause_when_the_last_value_is_missing() -> None:
    values = [*STEADY, 20.0, None]
    assert spc(_periods(len(values)), values).summary.variation_icon == "common_cause"


def test_it_compares_the_target_with_the_last_limits_strictly() -> None:
    periods = _periods(len(STEADY))
    summary = spc(periods, STEADY).summary
    assert summary.upper is not None and summary.lower is not None

    def icon(target: float, improvement: str = "increase") -> str:
        return spc(periods, STEADY, target=target, improvement=improvement).summary.assurance_icon

    assert icon(summary.upper) == "inconsistent"
    assert icon(summary.lower) == "inconsistent"
    assert icon(summary.upper + 0.01) == "consistent_fail"
    assert icon(summary.upper + 0.01, "decrease") == "consistent_pass"
    assert icon(summary.lower - 0.01) == "consistent_pass"
    assert icon(summary.lower - 0.01, "decrease") == "consistent_fail"


def test_it_gives_no_assurance_without_a_target_a_direction_or_limits() -> None:
    periods = _periods(len(STEADY))
    assert spc(periods, STEADY).summary.assurance_icon == ""
    assert spc(periods, STEADY, target=1, improvement="neutral").summary.assurance_icon == ""
    assert spc(periods, STEADY, target=1, chart="run").summary.assurance_icon == ""


def test_it_is_inconsistent_when_zero_variation_leaves_no_limits() -> None:
    values = [5.0] * 14
    summary = spc(_periods(14), values, target=4.0).summary
    assert summary.upper is None
    assert summary.assurance_icon == "inconsistent"
    assert any("cannot be calculated" in warning for warning in summary.warnings)


def test_it_explains_zero_width_limits() -> None:
    values = [5.0] * 6 + [6.0] + [5.0] * 7
    summary = spc(_periods(14), values).summary
    assert summary.upper == summary.lower == summary.centre
    assert any("zero width for 14 points" in warning for warning in summary.warnings)


@pytest.mark.parametrize(("count", "short"), [(11, True), (12, False), (13, False)])
def test_it_warns_about_fewer_than_twelve_points(count: int, short: bool) -> None:
    values = (STEADY * 2)[:count]
    summary = spc(_periods(count), values).summary
    assert summary.short_group_warning is short
    assert any("rest on only" in warning for warning in summary.warnings) is short


def test_it_warns_about_a_short_baseline_or_segment() -> None:
    values = STEADY * 2
    assert spc(_periods(28), values, baseline=8).summary.short_group_warning
    assert spc(_periods(28), values, rebase=(20,)).summary.short_group_warning
    assert not spc(_periods(28), values, rebase=(15,)).summary.short_group_warning
    assert not spc(
        _periods(28), values, short_group_threshold=5, rebase=(20,)
    ).summary.short_group_warning


def test_it_counts_the_included_points_of_the_last_segment() -> None:
    summary = spc(_periods(28), STEADY * 2, rebase=(10,), exclude=(12, 20)).summary
    assert summary.n == 17
    assert summary.n_useful == 17


def test_it_leaves_the_anhoej_limits_out_under_mdc() -> None:
    summary = spc(_periods(14), STEADY).summary
    assert summary.rules == "mdc"
    assert summary.longest_run is not None and summary.crossings is not None
    assert summary.longest_run_max is None and summary.crossings_min is None
    assert summary.runs_signal is False


def test_it_reports_the_anhoej_statistics_under_anhoej() -> None:
    summary = spc(_periods(14), STEADY, chart="run").summary
    assert summary.rules == "anhoej"
    # Six of the fourteen values sit on the median, 6.
    assert summary.n_useful == 8
    assert summary.longest_run_max == 6  # round(log2(8)) + 3
    assert summary.crossings_min == 1


def test_it_names_the_missing_months() -> None:
    months = [dt.date(2024, month, 1) for month in (1, 2, 3, 6, 7, 8, 9, 10, 11, 12)]
    summary = spc(months, STEADY[:10]).summary
    assert "No data for 2 monthly periods: 2024-04-01, 2024-05-01." in summary.warnings


def test_it_names_missing_month_ends_quarters_weeks_days_and_numbers() -> None:
    ends = [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 4, 30)]
    assert "No data for 1 monthly period: 2024-03-31." in spc(ends, [1, 2, 3]).summary.warnings
    quarters = [dt.date(2023, 1, 1), dt.date(2023, 4, 1), dt.date(2023, 10, 1)]
    assert (
        "No data for 1 quarterly period: 2023-07-01." in spc(quarters, [1, 2, 3]).summary.warnings
    )
    weeks = [dt.date(2024, 1, 1), dt.date(2024, 1, 8), dt.date(2024, 1, 29)]
    assert (
        "No data for 2 weekly periods: 2024-01-15, 2024-01-22."
        in spc(weeks, [1, 2, 3]).summary.warnings
    )
    days = [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 4)]
    assert "No data for 1 daily period: 2024-01-03." in spc(days, [1, 2, 3]).summary.warnings
    numbers = [1, 2, 10]
    assert (
        "No data for 7 periods: 3, 4, 5, 6, 7 and 2 more."
        in spc(numbers, [1, 2, 3]).summary.warnings
    )


def test_it_warns_about_missing_values() -> None:
    summary = spc(_periods(14), [*STEADY[:13], None]).summary
    assert summary.warnings[-1].startswith("1 point has no value")


def test_it_passes_on_the_warning_about_a_rebase_date_absent_from_the_data() -> None:
    months = [dt.date(2024, month, 1) for month in range(1, 13)]
    summary = spc(months, STEADY[:12], rebase=(dt.date(2024, 6, 15),)).summary
    assert any(warning.startswith("Rebase 2024-06-15") for warning in summary.warnings)


def test_it_suggests_a_rebase_where_a_lasting_shift_starts() -> None:
    values = STEADY + [9.0] * 8
    summary = spc(_periods(len(values)), values).summary
    assert summary.suggested_rebase == 15


def test_it_does_not_suggest_a_rebase_for_a_shift_that_ended() -> None:
    values = STEADY + [9.0] * 8 + [5.0]
    assert spc(_periods(len(values)), values).summary.suggested_rebase is None


def test_it_does_not_suggest_a_rebase_for_a_shift_from_the_first_point() -> None:
    values = [9.0] * 8 + [1.0]
    result = spc(_periods(9), values, options=SPCOptions(shift_length=7))
    assert result.summary.suggested_rebase is None


def test_it_shows_negative_lower_limits_as_zero_only_when_asked() -> None:
    values = [0.0, 5.0, 0.0, 6.0, 1.0, 7.0, 0.0, 5.0, 1.0, 6.0, 0.0, 5.0]
    kept = spc(_periods(12), values).summary
    clamped = spc(_periods(12), values, allow_negative=False).summary
    assert kept.lower is not None and kept.lower < 0
    assert clamped.lower == 0.0
    assert clamped.upper == kept.upper

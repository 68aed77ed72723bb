"""\"Did it work?\": the verdict on a change, on constructed data for each outcome."""

from __future__ import annotations

import datetime as dt

from kaizen_spc import SPCOptions, impact

START = dt.date(2026, 1, 5)
MDC = SPCOptions(chart="xmr", improvement="decrease")


def weeks(n: int, first: dt.date = START) -> list[dt.date]:
    return [first + dt.timedelta(weeks=i) for i in range(n)]


def wobble(n: int, centre: float) -> list[float]:
    """Values alternating half a unit either side of ``centre``: a stable process."""
    return [centre + (0.5 if i % 2 else -0.5) for i in range(n)]


def judge(values: list[float], change_week: int, predicted: str = "decrease") -> impact.Verdict:
    periods = weeks(len(values))
    return impact.judge(
        periods,
        values,
        None,
        options=MDC,
        start=periods[change_week] if change_week < len(periods) else None,
        predicted=predicted,
    )


def test_a_drop_outside_the_baseline_limits_is_a_signal_as_predicted() -> None:
    verdict = judge([*wobble(20, 10), 6.0, 6.2, 5.9], 20)
    assert verdict.kind == impact.AS_PREDICTED
    assert verdict.points_needed == 0


def test_a_run_below_the_centre_line_is_a_signal_and_suggests_recalculating() -> None:
    # Every point stays inside the baseline limits, but seven sit below the centre line.
    values = wobble(20, 10) + [9.6, 9.4] * 4
    verdict = judge(values, 20)
    assert verdict.kind == impact.AS_PREDICTED
    assert verdict.suggested_rebase == weeks(28)[20]


def test_a_run_that_began_before_the_change_is_not_credited_to_it() -> None:
    # Eight points in a row below the centre line, but only four since the change.
    before = [*wobble(16, 10), 9.6, 9.4, 9.6, 9.4]
    verdict = judge([*before, 9.6, 9.4, 9.6, 9.4], 20)
    assert verdict.kind == impact.TOO_FEW
    assert verdict.points_needed == 3
    # Seven since the change are a shift of its own.
    verdict = judge([*before, 9.6, 9.4, 9.6, 9.4, 9.6, 9.4, 9.6], 20)
    assert verdict.kind == impact.AS_PREDICTED
    assert "7 points in a row below the centre line" in verdict.detail


def test_a_rise_when_a_fall_was_predicted_is_a_signal_against() -> None:
    verdict = judge([*wobble(20, 10), 14.5, 14.8], 20)
    assert verdict.kind == impact.AGAINST
    assert verdict.suggested_rebase is None


def test_enough_points_without_a_signal_is_no_signal_yet() -> None:
    verdict = judge(wobble(30, 10), 20)
    assert verdict.kind == impact.NO_SIGNAL
    assert "10 points since" in verdict.detail


def test_too_few_points_after_the_change_says_how_many_more() -> None:
    verdict = judge(wobble(23, 10), 20)
    assert verdict.kind == impact.TOO_FEW
    assert verdict.points_needed == 4  # seven points for the shift rule, three so far


def test_too_short_a_baseline_says_how_many_more() -> None:
    verdict = judge(wobble(8, 10) + [6.0] * 3, 5)
    assert verdict.kind == impact.TOO_FEW
    assert verdict.points_needed == 7  # twelve baseline points, five so far


def test_a_change_without_a_start_date_has_no_verdict() -> None:
    verdict = judge(wobble(20, 10), 99)
    assert verdict.kind == impact.NOT_STARTED


def test_the_baseline_is_the_segment_the_change_started_in() -> None:
    # The limits were recalculated at week 10 after an earlier improvement from 10 to 6. Judged
    # against that segment, a change at week 22 that kept the level at 6 did nothing; judged
    # against all 22 earlier points it would wrongly look like a fall.
    values = wobble(10, 10) + wobble(12, 6) + wobble(8, 6)
    periods = weeks(len(values))
    rebased = SPCOptions(chart="xmr", improvement="decrease", rebase=(periods[10],))
    verdict = impact.judge(
        periods, values, None, options=rebased, start=periods[22], predicted="decrease"
    )
    assert verdict.kind == impact.NO_SIGNAL
    assert "from the 12 points before it" in verdict.detail
    unrebased = impact.judge(
        periods, values, None, options=MDC, start=periods[22], predicted="decrease"
    )
    assert unrebased.kind == impact.AS_PREDICTED


def test_data_that_cannot_be_charted_is_said_so() -> None:
    periods = weeks(30)
    verdict = impact.judge(
        periods,
        [1.0] * 30,
        [0.0] * 30,
        options=SPCOptions(chart="p", improvement="decrease"),
        start=periods[20],
        predicted="decrease",
    )
    assert verdict.kind == impact.UNREADABLE
    assert verdict.detail.startswith("The measure's data cannot be charted")


def hold(values: list[float], change_week: int, as_of_week: int) -> impact.Verdict:
    periods = weeks(len(values))
    return impact.holding(
        periods,
        values,
        None,
        options=MDC,
        start=periods[change_week],
        predicted="decrease",
        as_of=periods[as_of_week],
    )


def test_a_gain_that_stays_below_the_old_centre_line_holds() -> None:
    verdict = hold([*wobble(20, 10), 6.0, 6.2, 5.9, 9.2, 8.9], 20, 24)
    assert verdict.kind == impact.HELD
    assert "still below the centre line" in verdict.detail


def test_a_gain_back_across_the_old_centre_line_is_slipping() -> None:
    verdict = hold([*wobble(20, 10), 6.0, 6.2, 5.9, 10.4], 20, 23)
    assert verdict.kind == impact.SLIPPING
    assert "back across the centre line" in verdict.detail


def test_a_follow_up_reads_only_the_points_up_to_its_day() -> None:
    values = [*wobble(20, 10), 6.0, 6.2, 5.9, 10.4]
    assert hold(values, 20, 22).kind == impact.HELD
    assert hold(wobble(30, 10), 20, 29).kind == impact.NO_SIGNAL


def test_a_rise_against_a_gain_is_slipping() -> None:
    verdict = hold([*wobble(20, 10), 6.0, 6.2, 5.9, 14.5], 20, 23)
    assert verdict.kind == impact.SLIPPING
    assert "against it too" in verdict.detail

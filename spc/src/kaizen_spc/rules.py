"""Special-cause rules: which points signal, why, and the run statistics of every segment.

Three rule sets, each applied per segment over all series at once (SPC.md §1.4-1.5, §2.3, §3):

* ``mdc``: NHSRplotthedots 0.2.2. Outside the limits, a shift (``shift_length`` points strictly
  on one side of the centre; a point on the centre, missing or excluded breaks it), a trend
  (``trend_length`` points strictly increasing or decreasing; an equal or missing value breaks
  it) and two of three points beyond the 2-sigma line; label priority outside > trend >
  two-in-three > shift.
* ``anhoej``: qicharts2 0.8.1. Outside the limits, and Anhøj's runs analysis of the included,
  non-missing points off the centre line (points on it neither count nor break a run); the
  points of a run longer than ``round(log2(n_useful)) + 3`` are marked as a shift.
* ``ihi``: a shift of ``shift_length`` points on one side (points on the centre skipped), a trend
  of ``trend_length`` points with repeated values counted once, points the user marked as
  astronomical, and outside the limits where the chart has them.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from kaizen_spc._arrays import Bools, Floats, Ints, Limits, Prepared
from kaizen_spc._numeric import lag, runs, segment_count, segment_max, segment_starts
from kaizen_spc.errors import SPCInputError
from kaizen_spc.types import ChartType, RuleSet, SPCOptions

Signs = NDArray[np.int8]
_T = TypeVar("_T", bound=np.generic)

# Why a point is special: the rule that decides its point type.
NO_RULE, OUTSIDE, ASTRONOMICAL, TREND, TWO_IN_THREE, SHIFT = range(6)

_PRIORITY: dict[RuleSet, tuple[int, ...]] = {
    "mdc": (OUTSIDE, TREND, TWO_IN_THREE, SHIFT),
    "anhoej": (OUTSIDE, SHIFT),
    "ihi": (OUTSIDE, ASTRONOMICAL, TREND, SHIFT),
}
# Shift and trend lengths; Anhøj's rules have none of their own and ignore them.
_DEFAULT_LENGTHS: dict[RuleSet, tuple[int, int]] = {"mdc": (7, 7), "ihi": (6, 5), "anhoej": (7, 7)}
_DIRECTION = {"increase": 1, "decrease": -1, "neutral": 0}


@dataclass(frozen=True)
class Signals:
    """The rules' verdict on every point, and the run statistics of every segment."""

    outside_limits: Bools
    shift: Bools
    trend: Bools
    two_in_three: Bools
    special_cause: Bools
    # Index into types.POINT_TYPES.
    point_type: NDArray[np.int8]
    # The deciding rule (NO_RULE, OUTSIDE, ...), its side or direction (+1 above or increasing,
    # -1 below or decreasing) and, for shifts and trends, how many points the run has.
    reason: NDArray[np.int8]
    side: Signs
    run_length: Ints
    # Per segment; -1 where a statistic does not exist (no useful point, or not this rule set).
    n_useful: Ints
    longest_run: Ints
    crossings: Ints
    longest_run_max: Ints
    crossings_min: Ints
    runs_signal: Bools
    # The first point of a shift that lasts to the segment's last useful point (-1: none).
    sustained_shift_start: Ints


@dataclass(frozen=True)
class _Finding:
    """The points one rule flags, with their side or direction and run length."""

    rule: int
    fired: Bools
    side: Signs
    run_length: Ints
    # Shifts only: the first point of the run of each of the given (fired) points.
    first_of_run: Callable[[Ints], Ints] | None = None


def lengths(options: SPCOptions) -> tuple[int, int]:
    """The shift and trend lengths in force: the options', else the rule set's own.

    >>> lengths(SPCOptions()), lengths(SPCOptions(rules="ihi")), lengths(SPCOptions(trend_length=6))
    ((7, 7), (6, 5), (7, 6))
    """
    shift_default, trend_default = _DEFAULT_LENGTHS[options.rule_set]
    shift = options.shift_length if options.shift_length is not None else shift_default
    trend = options.trend_length if options.trend_length is not None else trend_default
    if shift < 2 or trend < 2:
        raise SPCInputError("shift and trend lengths must be at least 2 points")
    return shift, trend


def evaluate(prepared: Prepared, limits: Limits, options: SPCOptions) -> Signals:
    """Apply ``options.rule_set`` to every point of every segment."""
    points = _Points.of(prepared, limits)
    useful_runs = _UsefulRuns.of(points)
    rule_set = options.rule_set
    apply = {"mdc": _mdc, "anhoej": _anhoej, "ihi": _ihi}[rule_set]
    findings, statistics = apply(
        points, limits, prepared, options, useful_runs, _Statistics.of(useful_runs)
    )
    by_rule = {finding.rule: finding for finding in [_outside(points, limits), *findings]}
    direction = _DIRECTION[options.improvement]
    reason, side, run_length = _decide(
        [by_rule[rule] for rule in _PRIORITY[rule_set] if rule in by_rule],
        direction,
        options.improvement_wins,
    )

    def flags(rule: int) -> Bools:
        return by_rule[rule].fired if rule in by_rule else points.none

    return Signals(
        outside_limits=flags(OUTSIDE),
        shift=flags(SHIFT),
        trend=flags(TREND),
        two_in_three=flags(TWO_IN_THREE),
        special_cause=reason != NO_RULE,
        point_type=_point_type(side, direction),
        reason=reason,
        side=side,
        run_length=run_length,
        n_useful=statistics.n_useful,
        longest_run=statistics.longest_run,
        crossings=statistics.crossings,
        longest_run_max=statistics.longest_run_max,
        crossings_min=statistics.crossings_min,
        runs_signal=statistics.runs_signal,
        sustained_shift_start=_sustained_shift_start(by_rule.get(SHIFT), points),
    )


def _mdc(
    points: _Points,
    limits: Limits,
    prepared: Prepared,
    options: SPCOptions,
    useful_runs: _UsefulRuns,
    statistics: _Statistics,
) -> tuple[list[_Finding], _Statistics]:
    shift_length, trend_length = lengths(options)
    # NHSRplotthedots' relative_to_mean; 0 (on the mean, missing or excluded) breaks a run.
    rtm = np.where(points.counted, points.side, np.int8(0))
    shift = _strict_shift(rtm, points.offsets, shift_length)
    findings = [
        shift,
        _trend(points, trend_length, collapse_ties=False),
        _Finding(TWO_IN_THREE, _two_in_three(points, rtm, limits, options), rtm, points.zeros),
    ]
    longest = _max_or_minus_one(shift.run_length, points.offsets, rtm != 0)
    return findings, dataclasses.replace(statistics, longest_run=longest)


def _anhoej(
    points: _Points,
    limits: Limits,
    prepared: Prepared,
    options: SPCOptions,
    useful_runs: _UsefulRuns,
    statistics: _Statistics,
) -> tuple[list[_Finding], _Statistics]:
    statistics = statistics.with_anhoej_limits(useful_runs, chart=options.chart)
    # qicharts2 has no runs analysis for moving-range charts (SPC.md §2.1 step 8).
    if options.chart == "mr":
        return [], statistics
    longest_max = np.repeat(statistics.longest_run_max, statistics.n_useful)
    return [useful_runs.shift(points, minimum=longest_max + 1)], statistics


def _ihi(
    points: _Points,
    limits: Limits,
    prepared: Prepared,
    options: SPCOptions,
    useful_runs: _UsefulRuns,
    statistics: _Statistics,
) -> tuple[list[_Finding], _Statistics]:
    shift_length, trend_length = lengths(options)
    astronomical = prepared.astronomical & points.useful
    findings = [
        useful_runs.shift(points, minimum=np.int64(shift_length)),
        _trend(points, trend_length, collapse_ties=True),
        _Finding(ASTRONOMICAL, astronomical, points.side, points.zeros),
    ]
    return findings, dataclasses.replace(statistics, longest_run=useful_runs.longest())


@dataclass(frozen=True)
class _Points:
    """What every rule looks at: values, their side of the centre line, which ones count."""

    y: Floats
    offsets: Ints
    side: Signs
    # Present and included: the points the run rules look at.
    counted: Bools
    # Counted and off the centre line: Anhøj's useful observations.
    useful: Bools
    none: Bools
    zeros: Ints

    @classmethod
    def of(cls, prepared: Prepared, limits: Limits) -> _Points:
        y = limits.y
        counted = ~np.isnan(y) & prepared.included
        side = _sign(y, limits.centre)
        return cls(
            y=y,
            offsets=prepared.segment_offsets,
            side=side,
            counted=counted,
            useful=counted & (side != 0),
            none=np.zeros(len(y), dtype=np.bool_),
            zeros=np.zeros(len(y), dtype=np.int64),
        )


def _sign(a: Floats, b: Floats | float) -> Signs:
    """sign(a - b): exactly 0 when equal, and 0 when either is missing (NaN)."""
    return (a > b).view(np.int8) - (a < b).view(np.int8)


def _outside(points: _Points, limits: Limits) -> _Finding:
    """Strictly beyond a limit; every point, excluded or after the baseline too (§1.4, §2.1)."""
    with np.errstate(invalid="ignore"):
        above = points.y > limits.upper
        outside = above | (points.y < limits.lower)
    side = above.view(np.int8) * np.int8(2) - np.int8(1)
    return _Finding(OUTSIDE, outside, side, points.zeros)


def _next(x: NDArray[_T], fill: object) -> NDArray[_T]:
    """The next element (``fill`` after the last)."""
    shifted = np.empty_like(x)
    if len(x):
        shifted[:-1] = x[1:]
        shifted[-1] = fill
    return shifted


def _first_of_run(run_id: Ints) -> Callable[[Ints], Ints]:
    """Where the run of each given element starts (run numbers never decrease)."""

    def first(at: Ints) -> Ints:
        return np.searchsorted(run_id, run_id[at]).astype(np.int64)

    return first


def _offsets_of(mask: Bools, offsets: Ints) -> Ints:
    """Offsets of the True elements of ``mask`` once taken out of their segments."""
    return np.concatenate(([0], np.cumsum(segment_count(mask, offsets)))).astype(np.int64)


def _max_or_minus_one(values: Ints, offsets: Ints, where: Bools) -> Ints:
    largest = segment_max(values.astype(np.float64), offsets, where)
    return np.nan_to_num(largest, nan=-1).astype(np.int64)


def _strict_shift(rtm: Signs, offsets: Ints, shift_length: int) -> _Finding:
    """MDC shift: runs of equal non-zero ``rtm``; a 0 (on the mean, missing) ends a run."""
    run_id, run_length = runs(rtm, offsets)
    fired = (rtm != 0) & (run_length >= shift_length)
    return _Finding(SHIFT, fired, rtm, run_length, _first_of_run(run_id))


def _two_in_three(points: _Points, rtm: Signs, limits: Limits, options: SPCOptions) -> Bools:
    """Two of three points beyond the 2-sigma line, all three strictly on one side (§1.5).

    Only the points beyond the 2-sigma line are flagged, not the third point of the window.
    Points beyond the limits count only with ``two_in_three_beyond`` (the MDC change of
    November 2023).
    """
    y = points.y
    with np.errstate(invalid="ignore"):
        close: Bools = (rtm != 0) & ((y > limits.upper_2s) | (y < limits.lower_2s))
        if not options.two_in_three_beyond:
            close &= ~((y > limits.upper) | (y < limits.lower))
    # Window j is points j, j+1 and j+2; it must not reach into the next segment.
    starts = segment_starts(points.offsets)
    next_start = _next(starts, True)
    within = ~(next_start | _next(next_start, True))
    close1, close2 = _next(close, False), _next(_next(close, False), False)
    rtm1, rtm2 = _next(rtm, 0), _next(_next(rtm, 0), 0)
    enough = close.astype(np.int8) + close1 + close2 >= 2
    one_side = np.abs(rtm.astype(np.int8) + rtm1 + rtm2) == 3
    qualifies: Bools = within & enough & one_side
    covered = qualifies.copy()
    covered[1:] |= qualifies[:-1]
    covered[2:] |= qualifies[:-2]
    return close & covered


def _trend(points: _Points, trend_length: int, *, collapse_ties: bool) -> _Finding:
    """Points of ``trend_length`` or more points going steadily up or down.

    Without ``collapse_ties`` (MDC) an equal, missing or excluded value ends a trend. With it
    (IHI) missing and excluded points are skipped and a repeated value is counted once: the
    trend runs from the last repeat of its first value to the first repeat of its last one.
    A point in two trends (a peak or a trough) takes the direction of the trend it starts, as
    NHSRplotthedots does; any other point takes the direction of the trend it belongs to.
    """
    if not collapse_ties:
        values = np.where(points.counted, points.y, np.nan)
        steps = _Steps.of(values, points.offsets, trend_length)
        return _Finding(
            TREND,
            steps.ends | steps.starts,
            np.where(steps.starts, steps.start_side, steps.end_side),
            np.where(steps.starts, steps.start_length, steps.end_length),
        )
    kept = np.flatnonzero(points.counted)
    kept_offsets = _offsets_of(points.counted, points.offsets)
    values = points.y[kept]
    group, _ = runs(values, kept_offsets)
    first_of_group = np.diff(group, prepend=-1) != 0
    last_of_group = _next(first_of_group, True)
    steps = _Steps.of(
        values[first_of_group], _offsets_of(first_of_group, kept_offsets), trend_length
    )
    same_way = steps.ends & steps.starts & (steps.end_side == steps.start_side)
    ends = steps.ends[group] & (first_of_group | same_way[group])
    starts = steps.starts[group] & (last_of_group | same_way[group])
    fired = points.none.copy()
    side = np.zeros(len(points.y), dtype=np.int8)
    length = points.zeros.copy()
    fired[kept] = ends | starts
    side[kept] = np.where(starts, steps.start_side[group], steps.end_side[group])
    length[kept] = np.where(starts, steps.start_length[group], steps.end_length[group])
    return _Finding(TREND, fired, side, length)


@dataclass(frozen=True)
class _Steps:
    """For every value: is the step into it, or out of it, part of a long enough trend?"""

    ends: Bools
    end_side: Signs
    # Points in the trend the step belongs to.
    end_length: Ints
    starts: Bools
    start_side: Signs
    start_length: Ints

    @classmethod
    def of(cls, values: Floats, offsets: Ints, trend_length: int) -> _Steps:
        step = np.zeros(len(values), dtype=np.int8)
        if len(values) > 1:
            step[1:] = _sign(np.diff(values), 0.0)
        step[segment_starts(offsets)] = 0
        _, run_length = runs(step, offsets)
        ends = (step != 0) & (run_length >= trend_length - 1)
        trend_points = run_length + 1
        return cls(
            ends=ends,
            end_side=step,
            end_length=trend_points,
            starts=_next(ends, False),
            start_side=_next(step, 0),
            start_length=_next(trend_points, 0),
        )


@dataclass(frozen=True)
class _UsefulRuns:
    """Runs of useful points on one side of the centre line; points on it are skipped."""

    index: Ints
    offsets: Ints
    side: Signs

    @classmethod
    def of(cls, points: _Points) -> _UsefulRuns:
        index = np.flatnonzero(points.useful)
        return cls(index, _offsets_of(points.useful, points.offsets), points.side[index])

    def crossings(self) -> Ints:
        """Per segment: how often consecutive useful points change side (-1: none useful)."""
        changes = self.side != lag(self.side, self.offsets, 0)
        return segment_count(changes, self.offsets) - 1

    @functools.cached_property
    def _runs(self) -> tuple[Ints, Ints]:
        return runs(self.side, self.offsets)

    def longest(self) -> Ints:
        _, run_length = self._runs
        return _max_or_minus_one(run_length, self.offsets, np.ones(len(self.index), np.bool_))

    def shift(self, points: _Points, *, minimum: Ints | np.int64) -> _Finding:
        """The useful points of every run at least ``minimum`` long (one per useful point)."""
        run_id, run_length = self._runs
        fired = points.none.copy()
        length = points.zeros.copy()
        fired[self.index] = run_length >= minimum
        length[self.index] = run_length
        index = self.index

        def first(at: Ints) -> Ints:
            within = np.searchsorted(index, at)
            return index[np.searchsorted(run_id, run_id[within])]

        return _Finding(SHIFT, fired, points.side, length, first)


@dataclass(frozen=True)
class _Statistics:
    """Run statistics per segment; -1 where one does not exist."""

    n_useful: Ints
    longest_run: Ints
    crossings: Ints
    longest_run_max: Ints
    crossings_min: Ints
    runs_signal: Bools

    @classmethod
    def of(cls, useful_runs: _UsefulRuns) -> _Statistics:
        n_useful = np.diff(useful_runs.offsets)
        missing = np.full(len(n_useful), -1, dtype=np.int64)
        return cls(
            n_useful=n_useful,
            longest_run=missing,
            crossings=useful_runs.crossings(),
            longest_run_max=missing,
            crossings_min=missing,
            runs_signal=np.zeros(len(n_useful), dtype=np.bool_),
        )

    def with_anhoej_limits(self, useful_runs: _UsefulRuns, *, chart: ChartType) -> _Statistics:
        found = self.n_useful > 0
        longest_max = np.full(len(found), -1, dtype=np.int64)
        minimum = longest_max.copy()
        # round(log2(n)) never meets an exact half for a whole n, so the rounding mode is moot.
        longest_max[found] = np.round(np.log2(self.n_useful[found])).astype(np.int64) + 3
        minimum[found] = _crossings_minima(self.n_useful[found])
        longest = useful_runs.longest()
        signal = found & ((longest > longest_max) | (self.crossings < minimum))
        return dataclasses.replace(
            self,
            longest_run=longest,
            longest_run_max=longest_max,
            crossings_min=minimum,
            runs_signal=signal & (chart != "mr"),
        )


@functools.cache
def crossings_min(n_useful: int) -> int:
    """qicharts2's ``qbinom(0.05, n_useful - 1, 0.5)`` by an exact integer search (SPC.md §4).

    The smallest c with 20 * sum(C(n - 1, k) for k <= c) >= 2 ** (n - 1).

    >>> crossings_min(12), crossings_min(24), crossings_min(2), crossings_min(100)
    (3, 8, 0, 41)
    """
    trials = n_useful - 1
    target = 1 << trials
    term, total = 1, 0
    for c in range(trials + 1):
        total += term
        if 20 * total >= target:
            return c
        term = term * (trials - c) // (c + 1)
    return trials


def _crossings_minima(n_useful: Ints) -> Ints:
    distinct, position = np.unique(n_useful, return_inverse=True)
    minima = np.array([crossings_min(int(n)) for n in distinct], dtype=np.int64)
    return minima[position]


def _decide(
    findings: list[_Finding], direction: int, improvement_wins: bool
) -> tuple[NDArray[np.int8], Signs, Ints]:
    """The deciding rule of every point: the first in priority order that fires.

    With ``improvement_wins`` a rule pointing to improvement beats one pointing to concern,
    as the MDC Excel tool shows it.
    """
    reason, side, run_length = _first_fired(findings, [finding.fired for finding in findings])
    if improvement_wins and direction != 0:
        improving = [finding.fired & (finding.side * direction > 0) for finding in findings]
        better_reason, better_side, better_length = _first_fired(findings, improving)
        improves = better_reason != NO_RULE
        reason = np.where(improves, better_reason, reason)
        side = np.where(improves, better_side, side)
        run_length = np.where(improves, better_length, run_length)
    return reason, side, run_length


def _first_fired(
    findings: list[_Finding], fired: list[Bools]
) -> tuple[NDArray[np.int8], Signs, Ints]:
    """Rule, side and run length of the first finding (in priority order) that fired."""
    size = len(fired[0])
    reason = np.zeros(size, dtype=np.int8)
    side = np.zeros(size, dtype=np.int8)
    run_length = np.zeros(size, dtype=np.int64)
    # Lowest priority first, so that higher priorities overwrite it.
    for finding, mask in zip(reversed(findings), reversed(fired), strict=True):
        reason = np.where(mask, np.int8(finding.rule), reason)
        side = np.where(mask, finding.side, side)
        run_length = np.where(mask, finding.run_length, run_length)
    return reason, side, run_length


def _point_type(side: Signs, direction: int) -> NDArray[np.int8]:
    """Index into POINT_TYPES: common, improvement, concern, neutral high, neutral low."""
    if direction == 0:
        high, low = side > 0, side < 0
        return (high.view(np.int8) * 3 + low.view(np.int8) * 4).astype(np.int8)
    oriented = side * np.int8(direction)
    better, worse = oriented > 0, oriented < 0
    return (better.view(np.int8) + worse.view(np.int8) * 2).astype(np.int8)


def _sustained_shift_start(shift: _Finding | None, points: _Points) -> Ints:
    """Per segment, the first point of a shift still going at the last useful point (or -1)."""
    offsets = points.offsets
    starts = np.full(len(offsets) - 1, -1, dtype=np.int64)
    if shift is None or shift.first_of_run is None:
        return starts
    last_useful = segment_max(np.arange(len(points.y), dtype=np.float64), offsets, points.useful)
    found = np.flatnonzero(~np.isnan(last_useful))
    last = last_useful[found].astype(np.int64)
    in_shift = shift.fired[last]
    first = shift.first_of_run(last[in_shift])
    later = first > offsets[found[in_shift]]
    starts[found[in_shift][later]] = first[later]
    return starts


# Reason codes pack the deciding rule, its side and its run length into one integer per point.
_SIDE_BIT, _RULE_BITS = 1, 4


def reason_codes(signals: Signals) -> NDArray[np.int32]:
    """One integer per point that ``describe`` turns into words (0: not special)."""
    below = (signals.side < 0).astype(np.int32)
    rule = signals.reason.astype(np.int32)
    return (signals.run_length.astype(np.int32) << _RULE_BITS) | (rule << _SIDE_BIT) | below


def describe(code: int) -> str:
    """Why a point is special, in plain words.

    >>> describe(0), describe(OUTSIDE << 1), describe(9 << 4 | SHIFT << 1 | 1)
    ('', 'Above the upper limit', '9 points in a row below the centre line')
    """
    rule = (code >> _SIDE_BIT) & ((1 << (_RULE_BITS - _SIDE_BIT)) - 1)
    above = not code & 1
    points = code >> _RULE_BITS
    if rule == OUTSIDE:
        return "Above the upper limit" if above else "Below the lower limit"
    if rule == ASTRONOMICAL:
        return f"Marked as astronomical, {'above' if above else 'below'} the centre line"
    if rule == TREND:
        return f"Part of {points} points {'increasing' if above else 'decreasing'}"
    if rule == TWO_IN_THREE:
        return f"2 of 3 points in a row close to the {'upper' if above else 'lower'} limit"
    if rule == SHIFT:
        return f"{points} points in a row {'above' if above else 'below'} the centre line"
    return ""

"""\"Did it work?\": whether a measure shows a signal after a change started.

The approach, chosen to be statistically sound and to match how Making Data Count teaches it:

1. Take the measure's current segment that contains the change's start date (the points after the
   last recalculation before the start; later recalculations are ignored, since they may be the
   consequence of this very change).
2. Fix the limits on the points *before* the start date (the baseline, kaizen_spc's ``baseline``
   option: limits from the first n points, every later point still judged against them). The
   baseline needs at least ``short_group_threshold`` points (12 by default, MDC's guidance) or the
   limits are not trustworthy.
3. Look for special cause among the points on or after the start date only. A signal whose points
   lie above the centre line is an increase, below it a decrease (a trend: its own direction),
   and it is compared with the direction the team predicted. A shift or trend counts only when
   its points since the start are enough on their own (a run that began before the change is
   not credited to it).
4. With no signal, the verdict is "no signal yet" only once there are enough points after the
   start for the shift rule to have been able to fire (the rule set's shift length); before that
   it is "too few points to tell", with how many more are needed.
5. When a sustained shift in the predicted direction follows the change, recalculating the
   limits from the start of that shift is suggested; the team confirms it on the chart.

The platform stores and shows the verdicts; the judgement itself lives here, with the rest of
the statistics, so it can be tested and reused without a web framework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from kaizen_spc.api import spc
from kaizen_spc.errors import SPCInputError
from kaizen_spc.rules import lengths
from kaizen_spc.types import Point, SPCOptions

AS_PREDICTED = "as_predicted"
AGAINST = "against"
NO_SIGNAL = "no_signal"
TOO_FEW = "too_few"
UNREADABLE = "unreadable"
NOT_STARTED = ""
# A follow-up's reading of a gain (holding()): still there, or going.
HELD = "held"
SLIPPING = "slipping"


@dataclass(frozen=True)
class Verdict:
    kind: str
    detail: str
    points_needed: int = 0
    suggested_rebase: dt.date | None = None


def judge(
    periods: Sequence[dt.date],
    values: Sequence[float | None],
    denominators: Sequence[float | None] | None,
    *,
    options: SPCOptions,
    start: dt.date | None,
    predicted: str,
) -> Verdict:
    """The verdict on a change that started on ``start`` and was predicted to ``predicted``
    ("increase" or "decrease") the measure whose data and options are given."""
    if start is None:
        return Verdict(NOT_STARTED, "The change has no start date yet.")
    judged = _judged(periods, values, denominators, options=options, start=start)
    if isinstance(judged, Verdict):
        return judged
    return _verdict(judged, start, predicted)


def holding(
    periods: Sequence[dt.date],
    values: Sequence[float | None],
    denominators: Sequence[float | None] | None,
    *,
    options: SPCOptions,
    start: dt.date,
    predicted: str,
    as_of: dt.date,
) -> Verdict:
    """Whether the gain that followed a change on ``start`` still holds on ``as_of`` (a 30-,
    60- or 90-day follow-up of a Rapid Process Improvement Week).

    The points up to ``as_of`` are judged as judge() does. A gain that appeared (special cause
    in the predicted direction) HELD when nothing signals against the prediction and the
    latest point is still on the predicted side of the centre line from before the change;
    otherwise it is SLIPPING. With no gain, judge()'s own verdict says why.
    """
    kept = [i for i, period in enumerate(periods) if period <= as_of]
    judged = _judged(
        [periods[i] for i in kept],
        [values[i] for i in kept],
        [denominators[i] for i in kept] if denominators is not None else None,
        options=options,
        start=start,
    )
    if isinstance(judged, Verdict):
        return judged
    verdict = _verdict(judged, start, predicted)
    if verdict.kind != AS_PREDICTED:
        return verdict
    against = [signal for signal in judged.signals if signal.direction != predicted]
    if against:
        return Verdict(
            SLIPPING, f"{verdict.detail} Special cause against it too: {against[0].reason}."
        )
    latest = next(point for point in reversed(judged.post) if point.value is not None)
    when = f"{latest.period:%-d %B %Y}" if isinstance(latest.period, dt.date) else latest.period
    if _side(latest) != predicted:
        return Verdict(
            SLIPPING,
            f"{verdict.detail} The latest point ({when}) is back across the centre line from "
            "before the change.",
        )
    where = "above" if predicted == "increase" else "below"
    return Verdict(
        HELD,
        f"{verdict.detail} The gain holds: the latest point ({when}) is still {where} the "
        "centre line from before the change.",
        suggested_rebase=verdict.suggested_rebase,
    )


@dataclass(frozen=True)
class _Judged:
    """The points since a change, judged against limits fixed on the points before it."""

    post: list[Point]
    signals: list[_Signal]
    before: int
    after: int
    shift_length: int


def _judged(
    periods: Sequence[dt.date],
    values: Sequence[float | None],
    denominators: Sequence[float | None] | None,
    *,
    options: SPCOptions,
    start: dt.date,
) -> _Judged | Verdict:
    first = _segment_start(periods, options.rebase, start)
    rows = [i for i, p in enumerate(periods) if p >= first]
    seg_periods = [periods[i] for i in rows]
    seg_values = [values[i] for i in rows]
    seg_denominators = [denominators[i] for i in rows] if denominators is not None else None
    before = sum(1 for p in seg_periods if p < start)
    after = len(seg_periods) - before
    minimum = options.short_group_threshold
    if before < minimum:
        needed = minimum - before
        return Verdict(
            TOO_FEW,
            f"{before} points before {start:%-d %B %Y}: {needed} more are needed to set the "
            f"baseline limits.",
            points_needed=needed,
        )
    try:
        result = spc(
            seg_periods,
            seg_values,
            seg_denominators,
            options=replace(options, rebase=(), baseline=before),
        )
    except SPCInputError as error:
        # Bad data on the measure (e.g. a zero denominator) is the measure's to fix; the change's
        # page says so rather than failing.
        return Verdict(UNREADABLE, f"The measure's data cannot be charted: {error}.")
    post = [p for p in result.points if isinstance(p.period, dt.date) and p.period >= start]
    # Anhøj's runs rule has no fixed length; its rule set's nominal 7 points (rules.lengths) is
    # where the longest-run limit starts to bite for short post-change series.
    shift_length, trend_length = lengths(options)
    return _Judged(post, _signals(post, shift_length, trend_length), before, after, shift_length)


def _verdict(judged: _Judged, start: dt.date, predicted: str) -> Verdict:
    matching = [s for s in judged.signals if s.direction == predicted]
    if matching:
        return Verdict(
            AS_PREDICTED,
            f"Special cause in the predicted direction ({predicted}) since "
            f"{start:%-d %B %Y}: {matching[0].reason}.",
            suggested_rebase=next((s.shift_start for s in matching if s.shift_start), None),
        )
    if judged.signals:
        return Verdict(
            AGAINST,
            f"Special cause against the prediction since {start:%-d %B %Y}: "
            f"{judged.signals[0].reason}.",
        )
    if judged.after < judged.shift_length:
        needed = judged.shift_length - judged.after
        return Verdict(
            TOO_FEW,
            f"{judged.after} points since {start:%-d %B %Y} and no signal yet: {needed} more are "
            f"needed before a shift could show.",
            points_needed=needed,
        )
    return Verdict(
        NO_SIGNAL,
        f"No special cause in {judged.after} points since {start:%-d %B %Y}, judged against "
        f"limits from the {judged.before} points before it.",
    )


def _segment_start(
    periods: Sequence[dt.date], rebases: Sequence[object], start: dt.date
) -> dt.date:
    earlier = [r for r in rebases if isinstance(r, dt.date) and r < start]
    if earlier:
        return max(earlier)
    return min(periods) if periods else start


def _side(point: Point) -> str | None:
    if point.value is None or point.centre is None or point.value == point.centre:
        return None
    return "increase" if point.value > point.centre else "decrease"


@dataclass(frozen=True)
class _Signal:
    direction: str
    reason: str
    # Where a sustained shift begins, from which recalculating the limits makes sense.
    shift_start: dt.date | None = None


def _signals(post: Sequence[Point], shift_length: int, trend_length: int) -> list[_Signal]:
    """The special causes among the points since the change, in the order they occur.

    kaizen_spc flags every point of a run, including points before the change when a run
    straddles it; a run counts here only if its part since the change is long enough on its
    own, so a run that had already begun is not credited to the change.
    """
    found = [
        _Signal(side, p.reason or "a point outside the limits")
        for p in post
        if (p.outside_limits or p.two_in_three) and (side := _side(p))
    ]
    for run in _runs(post, lambda p: _side(p) if p.shift else None):
        if len(run) >= shift_length:
            side = _side(run[0]) or ""
            where = "above" if side == "increase" else "below"
            reason = f"{len(run)} points in a row {where} the centre line"
            found.append(_Signal(side, reason, _date(run[0].period)))
    for run in _runs(post, lambda p: "trend" if p.trend else None):
        if len(run) >= trend_length and run[0].value is not None and run[-1].value is not None:
            rising = run[-1].value > run[0].value
            reason = f"{len(run)} points in a row {'rising' if rising else 'falling'}"
            found.append(_Signal("increase" if rising else "decrease", reason))
    return found


def _runs(points: Sequence[Point], key: Callable[[Point], str | None]) -> list[list[Point]]:
    """Consecutive points sharing the same non-empty key."""
    runs: list[list[Point]] = []
    previous: str | None = None
    for point in points:
        current = key(point)
        if current is None:
            previous = None
            continue
        if current == previous:
            runs[-1].append(point)
        else:
            runs.append([point])
        previous = current
    return runs


def _date(period: object) -> dt.date | None:
    return period if isinstance(period, dt.date) else None

"""Rules on hand-made arrays: the limits are given, so a value can sit exactly on a line."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kaizen_spc._arrays import Limits, Prepared
from kaizen_spc.rules import Signals, describe, evaluate, reason_codes
from kaizen_spc.types import SPCOptions

NAN = float("nan")


def signals_for(
    values: Sequence[float],
    *,
    centre: float = 0.0,
    upper: float = 3.0,
    lower: float | None = None,
    upper_2s: float | None = None,
    lower_2s: float | None = None,
    segment_starts: Sequence[int] = (0,),
    excluded: Sequence[int] = (),
    astronomical: Sequence[int] = (),
    **options: object,
) -> Signals:
    """Apply the rules to ``values`` against fixed lines (symmetric about ``centre`` unless
    given); the 2-sigma lines are two thirds of the way to the limits by default."""
    y = np.array(values, dtype=np.float64)
    size = len(y)
    lower = 2 * centre - upper if lower is None else lower
    upper_2s = centre + (upper - centre) * 2 / 3 if upper_2s is None else upper_2s
    lower_2s = centre - (centre - lower) * 2 / 3 if lower_2s is None else lower_2s
    included = np.ones(size, dtype=np.bool_)
    included[list(excluded)] = False
    marked = np.zeros(size, dtype=np.bool_)
    marked[list(astronomical)] = True
    prepared = Prepared(
        series_names=("s",),
        series_offsets=np.array([0, size]),
        segment_offsets=np.array([*segment_starts, size]),
        period=np.arange(size, dtype=np.int64),
        period_is_date=False,
        value=y,
        denominator=np.full(size, NAN),
        numerator=np.full(size, NAN),
        subgroup_sd=np.full(size, NAN),
        baseline=np.ones(size, dtype=np.bool_),
        included=included,
        astronomical=marked,
        warnings=((),),
    )
    line = np.full(size, 1.0)
    limits = Limits(y, line * centre, line * lower, line * upper, line * lower_2s, line * upper_2s)
    return evaluate(prepared, limits, SPCOptions(**options))  # type: ignore[arg-type]


def flagged(mask: np.ndarray) -> list[int]:
    """The positions where ``mask`` is True."""
    return np.flatnonzero(mask).tolist()


def reasons(signals: Signals) -> list[str]:
    return [describe(code) for code in reason_codes(signals).tolist()]


def point_types(signals: Signals) -> list[str]:
    from kaizen_spc.types import POINT_TYPES

    return [POINT_TYPES[code] for code in signals.point_type.tolist()]

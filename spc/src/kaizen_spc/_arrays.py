"""The long arrays passed between the stages of the engine.

prepare (``_prepare.py``) -> Prepared -> limits (``limits.py``) -> Limits -> rules (``rules.py``)
-> summaries (``summary.py``). Every per-point array has one element per plotted point (one
subgroup), all series concatenated, sorted by series then period. Segments (a series cut at
each rebase) are contiguous runs of points and never cross a series boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Prepared:
    series_names: tuple[str, ...]
    # Point offsets of each series: series k is points[series_offsets[k]:series_offsets[k+1]].
    series_offsets: Ints
    # Point offsets of each segment, nested in the series offsets (every series start is here).
    segment_offsets: Ints
    # Days since 1970-01-01 when period_is_date, else the integer period itself.
    period: Ints
    period_is_date: bool
    # The subgroup's value before any chart transformation and before multiply:
    # ratio charts sum(numerator)/sum(denominator); c the sum; xbar the mean; s the standard
    # deviation; the others the chosen aggregate (a single row is its own value). NaN = missing.
    value: Floats
    # Ratio charts: the summed denominator; xbar and s: the subgroup size (non-missing
    # observations); NaN for the other charts.
    denominator: Floats
    # Ratio charts: the summed numerator (the ratio's own parts keep p and u limits exact);
    # NaN for the other charts.
    numerator: Floats
    # xbar and s: the subgroup standard deviation (NaN for subgroups of one); NaN otherwise.
    subgroup_sd: Floats
    # The point is in its segment's baseline (the first N points, or all when no baseline).
    baseline: Bools
    # The point is used for the limits (not excluded by the user). Excluded points stay plotted.
    included: Bools
    # The user marked the point as astronomical (IHI rules).
    astronomical: Bools
    # Warnings found while preparing (rebase dates absent from the data, ...), per series.
    warnings: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Limits:
    # The plotted value after the chart's transformation (e.g. moving ranges for mr) and multiply.
    y: Floats
    centre: Floats
    # Lower limits as the signals see them: before the --no-negative clamp, which is for display.
    lower: Floats
    upper: Floats
    lower_2s: Floats
    upper_2s: Floats

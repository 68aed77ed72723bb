"""Segmented array helpers: one numpy pass over many series at once, never a loop per segment.

A *segmentation* of a long array is given by its ``offsets``: segment k is
``x[offsets[k]:offsets[k + 1]]``, so ``offsets`` starts at 0, ends at ``len(x)`` and never
decreases (an empty segment is allowed). Every ``where`` argument is an optional boolean mask of
the elements to use; NaN elements are always ignored, as R does with ``na.rm = TRUE``.

Sums and means emulate R, which accumulates in long double (80-bit on x86-64) and so gives, in
practice, the exact sum or mean rounded once (SPC.md §4). Here sums are made exact with double
arithmetic (see ``_exact_sums``) and rounded through ``np.longdouble``, which agrees with R to the
last bit in practice; where ``np.longdouble`` is plain double they are still correctly rounded.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from kaizen_spc._arrays import Bools, Floats, Ints

_Scalar = TypeVar("_Scalar", bound=np.generic)
_LongFloats = NDArray[np.longdouble]


def segment_lengths(offsets: Ints) -> Ints:
    """The number of elements of each segment.

    >>> segment_lengths(np.array([0, 2, 5]))
    array([2, 3])
    """
    # Not np.diff: its Python-level overhead is most of the cost on one short series.
    return offsets[1:] - offsets[:-1]


def segment_ids(offsets: Ints) -> Ints:
    """The segment number of every element.

    >>> segment_ids(np.array([0, 2, 5]))
    array([0, 0, 1, 1, 1])
    """
    return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), segment_lengths(offsets))


def broadcast(per_segment: NDArray[_Scalar], offsets: Ints) -> NDArray[_Scalar]:
    """Spread one value per segment over the segment's elements.

    >>> broadcast(np.array([1.5, 2.5]), np.array([0, 2, 5]))
    array([1.5, 1.5, 2.5, 2.5, 2.5])
    """
    return np.repeat(per_segment, segment_lengths(offsets))


def position_in_segment(offsets: Ints) -> Ints:
    """The 0-based position of every element within its segment.

    >>> position_in_segment(np.array([0, 2, 5]))
    array([0, 1, 0, 1, 2])
    """
    size = int(offsets[-1])
    return np.arange(size, dtype=np.int64) - broadcast(offsets[:-1], offsets)


def segment_starts(offsets: Ints) -> Bools:
    """True on the first element of every segment.

    >>> segment_starts(np.array([0, 2, 5]))
    array([ True, False,  True, False, False])
    """
    starts = np.zeros(int(offsets[-1]), dtype=np.bool_)
    starts[offsets[:-1][segment_lengths(offsets) > 0]] = True
    return starts


def lag(x: NDArray[_Scalar], offsets: Ints, fill: float | int | bool) -> NDArray[_Scalar]:
    """The previous element of the same segment; ``fill`` on each segment's first element.

    >>> lag(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 2, 4]), np.nan)
    array([nan,  1., nan,  3.])
    """
    previous = np.empty_like(x)
    if len(x):
        previous[1:] = x[:-1]
        previous[offsets[:-1][segment_lengths(offsets) > 0]] = fill
    return previous


def _usable(x: Floats, where: Bools | None) -> Bools:
    usable = ~np.isnan(x)
    return usable if where is None else usable & where


def _reduce(ufunc: np.ufunc, values: NDArray[Any], offsets: Ints, dtype: Any = None) -> Any:
    # reduceat cannot express an empty segment (it returns the element at the index), so empty
    # segments are zeroed afterwards; indices past the end are clipped for the same reason.
    lengths = segment_lengths(offsets)
    if len(values) and lengths.all():  # the usual case, and the cheap one
        return ufunc.reduceat(values, offsets[:-1], dtype=dtype).astype(
            dtype or values.dtype, copy=False
        )
    totals = np.zeros(len(lengths), dtype=dtype or values.dtype)
    # Segments starting at the end are empty; reduceat must not see their (out of range) starts.
    reached = int(offsets[:-1].searchsorted(len(values)))
    if reached:
        totals[:reached] = ufunc.reduceat(values, offsets[:reached], dtype=dtype)
        totals[lengths == 0] = 0
    return totals


def _reduce_add(values: NDArray[_Scalar], offsets: Ints) -> NDArray[_Scalar]:
    totals: NDArray[_Scalar] = _reduce(np.add, values, offsets)
    return totals


def segment_count(mask: Bools, offsets: Ints) -> Ints:
    """How many elements of each segment are True.

    >>> segment_count(np.array([True, False, True, True, True]), np.array([0, 2, 5]))
    array([1, 3])
    """
    counts: Ints = _reduce(np.add, mask, offsets, dtype=np.int64)
    return counts


# Sums are done a block of whole segments at a time, so their temporaries stay small and in
# cache however many series there are.
_BLOCK = 1 << 18


def blocks(offsets: Ints) -> Iterator[tuple[slice, slice, Ints]]:
    """Consecutive runs of whole segments of about _BLOCK elements: (elements, segments, local
    offsets), so work on long arrays can keep its temporaries small and in cache.

    >>> [(e.start, e.stop, s.start, s.stop, o.tolist()) for e, s, o in blocks(np.array([0, 2, 5]))]
    [(0, 5, 0, 2, [0, 2, 5])]
    """
    total = int(offsets[-1])
    if total <= _BLOCK:  # one block: spares one short series the cutting below
        yield slice(0, total), slice(0, len(offsets) - 1), offsets
        return
    cuts = np.searchsorted(offsets, np.arange(_BLOCK, total, _BLOCK), side="right") - 1
    bounds = np.unique(np.concatenate(([0], cuts, [len(offsets) - 1])))
    if len(bounds) == 1:
        bounds = np.array([0, len(offsets) - 1])
    for first, last in itertools.pairwise(bounds.tolist()):
        low, high = int(offsets[first]), int(offsets[last])
        yield slice(low, high), slice(first, last), offsets[first : last + 1] - low


def _long_reduce(
    x: Floats,
    offsets: Ints,
    usable: Bools,
    terms: Callable[[_LongFloats, Ints, slice], _LongFloats],
) -> _LongFloats:
    """Per segment, the long-double sum of ``terms(x as long double, local offsets, segments)``
    over the usable elements."""
    totals = np.zeros(len(offsets) - 1, dtype=np.longdouble)
    for elements, segments, local in blocks(offsets):
        values = terms(x[elements].astype(np.longdouble), local, segments)
        values[~usable[elements]] = 0
        totals[segments] = _reduce_add(values, local)
    return totals


def _exact_sums(x: Floats, offsets: Ints, usable: Bools) -> tuple[_LongFloats, Ints]:
    """Per segment, the sum of the usable elements (exact to long-double precision) and their
    count.

    Each element is split into a high part, a multiple of ulp(sigma) for a power of two sigma
    above n * max|x| (so every partial sum of high parts is exact in double, in any order), and
    the small exact remainder x - high, whose double sum is far more accurate than needed (the
    idea of Rump, Ogita and Oishi's AccSum). Plain double arithmetic, so numpy vectorises it.
    """
    totals = np.zeros(len(offsets) - 1, dtype=np.longdouble)
    counts = np.zeros(len(offsets) - 1, dtype=np.int64)
    for elements, segments, local in blocks(offsets):
        counts[segments] = _reduce(np.add, usable[elements], local, dtype=np.int64)
        values = np.where(usable[elements], x[elements], 0.0)
        lengths = segment_lengths(local)
        biggest = _reduce(np.maximum, np.abs(values), local)
        _, exponent = np.frexp(biggest)
        headroom = np.ceil(np.log2(np.maximum(lengths, 1))).astype(np.int64) + 1
        sigma = np.ldexp(1.0, np.minimum(exponent + headroom, 1023))
        # Infinite values make the sum infinite or NaN, as in R; no splitting needed.
        sigma[~np.isfinite(biggest)] = 0.0
        spread = np.repeat(sigma, lengths)
        high = (values + spread) - spread
        low = values - high
        totals[segments] = _reduce_add(high, local).astype(np.longdouble)
        totals[segments] += _reduce_add(low, local)
    return totals, counts


def segment_sum(x: Floats, offsets: Ints, where: Bools | None = None) -> Floats:
    """R's ``sum(x, na.rm = TRUE)`` per segment (the exact sum, rounded); 0 when empty.

    >>> segment_sum(np.array([0.1, 0.2, np.nan, 1.0]), np.array([0, 3, 4]))
    array([0.3, 1. ])
    """
    totals, _ = _exact_sums(x, offsets, _usable(x, where))
    return totals.astype(np.float64)


def _long_mean(x: Floats, offsets: Ints, usable: Bools) -> tuple[_LongFloats, Ints]:
    # R's mean() is a long-double sum divided by n plus a correction pass, which makes it the
    # exact mean rounded (through long double) in practice: the exact sum divided gives the same.
    totals, count = _exact_sums(x, offsets, usable)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / count, count


def segment_mean(x: Floats, offsets: Ints, where: Bools | None = None) -> Floats:
    """R's ``mean(x, na.rm = TRUE)`` per segment; NaN when a segment has no usable element.

    >>> segment_mean(np.array([1.0, 2.0, np.nan, 4.0]), np.array([0, 3, 3, 4]))
    array([1.5, nan, 4. ])
    """
    mean, _ = _long_mean(x, offsets, _usable(x, where))
    return mean.astype(np.float64)


def segment_sd(x: Floats, offsets: Ints, where: Bools | None = None) -> Floats:
    """R's ``sd(x, na.rm = TRUE)`` per segment; NaN for fewer than two usable elements.

    Squares and their sum are in long double, as R's ``cov.c`` does.

    >>> segment_sd(np.array([1.0, 2.0, 3.0, 5.0]), np.array([0, 3, 4]))
    array([ 1., nan])
    """
    usable = _usable(x, where)
    mean, count = _long_mean(x, offsets, usable)
    # R keeps the mean as a double before taking the deviations.
    mean = mean.astype(np.float64).astype(np.longdouble)

    def squares(values: _LongFloats, local: Ints, segments: slice) -> _LongFloats:
        values -= broadcast(mean[segments], local)
        values *= values
        return values

    with np.errstate(invalid="ignore", divide="ignore"):
        variance = _long_reduce(x, offsets, usable, squares) / (count - 1)
    variance[count < 2] = np.nan
    return np.sqrt(variance.astype(np.float64))


def segment_median(x: Floats, offsets: Ints, where: Bools | None = None) -> Floats:
    """R's ``median(x, na.rm = TRUE)`` per segment; NaN when a segment has no usable element.

    >>> segment_median(np.array([3.0, 1.0, 2.0, 4.0, np.nan, 1.0]), np.array([0, 3, 6]))
    array([2. , 2.5])
    """
    usable = _usable(x, where)
    median = np.full(len(offsets) - 1, np.nan)
    for elements, segments, local in blocks(offsets):
        count = segment_count(usable[elements], local)
        # Unusable elements become NaN, which sorts last: the usable ones fill the first slots.
        ordered = _sorted_within(np.where(usable[elements], x[elements], np.nan), local)
        has_values = count > 0
        start = local[:-1][has_values]
        low = ordered[start + (count[has_values] - 1) // 2]
        high = ordered[start + count[has_values] // 2]
        # Halving is exact, so (a + b) / 2 rounds once, like R's mean of the two middle values.
        median[np.flatnonzero(has_values) + segments.start] = (low + high) / 2
    return median


def _sorted_within(values: Floats, offsets: Ints) -> Floats:
    """``values`` sorted within each segment (NaN last), segments staying in place."""
    lengths = segment_lengths(offsets)
    width = int(lengths.max()) if len(lengths) else 0
    if len(lengths) * width > 4 * max(len(values), 1):
        # Very uneven lengths would pad too much: sort (segment, value) pairs instead.
        return values[np.lexsort((values, segment_ids(offsets)))]
    # Rows of a NaN-padded matrix sort independently and fast; the padding sorts to the end.
    matrix = np.full((len(lengths), width), np.nan)
    inside = np.arange(width) < lengths[:, None]
    matrix[inside] = values
    matrix.sort(axis=1)
    sorted_values: Floats = matrix[inside]
    return sorted_values


def segment_max(x: Floats, offsets: Ints, where: Bools | None = None) -> Floats:
    """The largest usable element of each segment; NaN when there is none.

    >>> segment_max(np.array([3.0, np.nan, 2.0, 5.0]), np.array([0, 3, 4]))
    array([3., 5.])
    """
    usable = _usable(x, where)
    maximum: Floats = _reduce(np.maximum, np.where(usable, x, -np.inf), offsets)
    maximum[segment_count(usable, offsets) == 0] = np.nan
    return maximum


def segment_first(x: NDArray[_Scalar], offsets: Ints) -> NDArray[_Scalar]:
    """The first element of each (non-empty) segment.

    >>> segment_first(np.array([1, 2, 3, 4]), np.array([0, 1, 4]))
    array([1, 2])
    """
    return x[offsets[:-1]]


def segment_last(x: NDArray[_Scalar], offsets: Ints) -> NDArray[_Scalar]:
    """The last element of each (non-empty) segment.

    >>> segment_last(np.array([1, 2, 3, 4]), np.array([0, 1, 4]))
    array([1, 4])
    """
    return x[offsets[1:] - 1]


def runs(labels: NDArray[_Scalar], offsets: Ints) -> tuple[Ints, Ints]:
    """Runs of equal consecutive labels that never cross a segment boundary.

    Returns each element's run number (0, 1, ... over the whole array) and its run's length.

    >>> run_id, run_length = runs(np.array([1, 1, -1, -1, -1, 1]), np.array([0, 3, 6]))
    >>> run_id, run_length
    (array([0, 0, 1, 2, 2, 3]), array([2, 2, 1, 2, 2, 1]))
    """
    new_run = segment_starts(offsets)
    if len(labels) > 1:
        new_run[1:] |= labels[1:] != labels[:-1]
    run_id = np.cumsum(new_run, dtype=np.int64) - 1
    run_length = np.bincount(run_id)[run_id].astype(np.int64)
    return run_id, run_length


def offsets_from_starts(starts: Bools) -> Ints:
    """Segment offsets from a mask that is True on the first element of every segment.

    >>> offsets_from_starts(np.array([True, False, True, False, False]))
    array([0, 2, 5])
    """
    return np.append(np.flatnonzero(starts), len(starts)).astype(np.int64)

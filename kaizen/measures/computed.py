"""What a programme indicator is: a measure Kaizen computes from its own records.

Defined here, below the feature apps, so that any app (projects, ideas, training...) can declare
its indicators on its AppConfig (``indicators = "dotted.path.to.a.sequence"``) without importing
the programme app, which stores and refreshes them as measures marked ``computed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from kaizen.accounts.models import Organisation


class Point(NamedTuple):
    """One month's figure: a value, or a numerator over a denominator for a proportion."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None


# Unit id (None: the whole organisation) -> first day of the month -> its point. A month
# missing from the mapping has no point (nothing to divide by), not a zero.
Figures = Mapping[int | None, Mapping[dt.date, Point]]


@dataclass(frozen=True)
class Indicator:
    """An indicator and its operational definition: what is counted, from which records, for
    which period. ``compute(organisation, months, units)`` returns its figures for those months,
    for the organisation (None) and for each of ``units`` (the units that own any work)."""

    key: str
    name: str
    definition: str
    unit_label: str
    chart: str
    improvement: str
    compute: Callable[[Organisation, Sequence[dt.date], Collection[int]], Figures]
    # The NHS IMPACT components it is evidence for, shown beside them in the board's maturity
    # self-assessment: "purpose", "people", "leadership", "capability", "systems".
    evidences: tuple[str, ...] = ()


T = TypeVar("T")
# Within a refresh: what each source reader returned, by reader and organisation.
_readings: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar("readings", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Inside this block a source read through ``read_once`` comes from the database once, however
    many indicators share it (a refresh of every indicator reads each source table once)."""
    token = _readings.set({})
    try:
        yield
    finally:
        _readings.reset(token)


def read_once(reader: Callable[[Organisation], T]) -> Callable[[Organisation], T]:
    """Mark a source reader (organisation -> plain facts) as shared by the indicators that use it;
    outside ``one_reading`` it reads every time, so a lone compute is always current."""

    @wraps(reader)
    def read(organisation: Organisation) -> T:
        readings = _readings.get()
        if readings is None:
            return reader(organisation)
        key = (f"{reader.__module__}.{reader.__qualname__}", organisation.pk)
        if key not in readings:
            readings[key] = reader(organisation)
        result: T = readings[key]
        return result

    return read

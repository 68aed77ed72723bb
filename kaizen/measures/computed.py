"""What a programme indicator is: a measure Kaizen computes from its own records.

Defined here, below the feature apps, so that any app (projects, ideas, training...) can declare
its indicators on its AppConfig (``indicators = "dotted.path.to.a.sequence"``) without importing
the programme app, which stores and refreshes them as measures marked ``computed``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

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
Compute = Callable[["Organisation", Sequence[dt.date], Collection[int]], Figures]


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
    compute: Compute
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


class Fact(Protocol):
    """What every indicator's facts carry: the unit of the work they come from."""

    @property
    def unit_id(self) -> int | None: ...


F = TypeVar("F", bound=Fact)


def by_unit(facts: Iterable[F]) -> dict[int | None, list[F]]:
    """The facts by unit, and all of them under None (the organisation)."""
    grouped: dict[int | None, list[F]] = defaultdict(list)
    for fact in facts:
        grouped[None].append(fact)
        if fact.unit_id is not None:
            grouped[fact.unit_id].append(fact)
    return grouped


def counted(
    read: Callable[[Organisation], Iterable[F]],
    day: Callable[[F], dt.date | None],
    figure: Callable[[list[F]], Point | None],
    *,
    zero_months: bool,
) -> Compute:
    """An indicator's compute: ``figure`` of each unit's facts dated (by ``day``) in each month.
    A count shows an empty month as zero (``zero_months``); a share or median shows nothing."""

    def compute(
        organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
    ) -> Figures:
        wanted = set(months)
        # One pass over the facts, each dated once: a large trust has 20,000 cycles.
        grouped: dict[int | None, dict[dt.date, list[F]]] = defaultdict(lambda: defaultdict(list))
        for fact in read(organisation):
            when = day(fact)
            month = when.replace(day=1) if when is not None else None
            if month in wanted:
                grouped[None][month].append(fact)
                if fact.unit_id is not None:
                    grouped[fact.unit_id][month].append(fact)
        # Most of a large trust's unit-months are empty: their figure is worked out once.
        empty = figure([]) if zero_months else None
        figures: dict[int | None, dict[dt.date, Point]] = {}
        for unit in (None, *units):
            by_month = grouped.get(unit, {})
            points = {}
            for month in months:
                facts = by_month.get(month)
                point = figure(facts) if facts else empty
                if point is not None:
                    points[month] = point
            figures[unit] = points
        return figures

    return compute

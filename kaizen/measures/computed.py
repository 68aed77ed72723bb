"""What a programme indicator is: a measure Kaizen computes from its own records.

Defined here, below the feature apps, so that any app (projects, ideas, training...) can declare
its indicators on its AppConfig (``indicators = "dotted.path.to.a.sequence"``) without importing
the programme app, which stores and refreshes them as measures marked ``computed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

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

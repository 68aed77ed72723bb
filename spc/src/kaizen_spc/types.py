"""The vocabulary of kaizen-spc: chart types, rule sets, options and results.

Everything here is plain data (frozen dataclasses, named tuples and string literals), so results
can cross into any framework without dragging this package's internals along.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, get_args

ChartType = Literal["run", "xmr", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"]
RuleSet = Literal["mdc", "anhoej", "ihi"]
Direction = Literal["increase", "decrease", "neutral"]
Aggregate = Literal["mean", "median"]
PointType = Literal[
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]
VariationIcon = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
]
AssuranceIcon = Literal["consistent_pass", "consistent_fail", "inconsistent", ""]

# A period is an ISO date or an integer index (week number, sample number, ...).
Period = dt.date | int

CHART_TYPES: tuple[ChartType, ...] = get_args(ChartType)
RULE_SETS: tuple[RuleSet, ...] = get_args(RuleSet)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
POINT_TYPES: tuple[PointType, ...] = get_args(PointType)

# Charts whose value is a ratio of a numerator to a denominator.
RATIO_CHARTS: frozenset[ChartType] = frozenset({"p", "pp", "u", "up"})
# Charts whose subgroups are several observations of one period.
SUBGROUP_CHARTS: frozenset[ChartType] = frozenset({"xbar", "s"})
# Charts whose subgroups are summed rather than aggregated.
SUMMED_CHARTS: frozenset[ChartType] = frozenset({"p", "pp", "u", "up", "c"})


def default_rules(chart: ChartType) -> RuleSet:
    """The rule set a chart uses when none is named.

    >>> default_rules("xmr"), default_rules("run"), default_rules("p")
    ('mdc', 'anhoej', 'anhoej')
    """
    return "mdc" if chart == "xmr" else "anhoej"


@dataclass(frozen=True)
class SPCOptions:
    """How to draw and read a chart. Every field has the references' default.

    ``rebase``, ``exclude`` and ``astronomical`` hold periods; a rebase period that is not in
    the data starts the new segment at the first period after it (with a warning).
    ``shift_length`` and ``trend_length`` default to the rule set's own (mdc 7 and 7, ihi 6 and
    5); Anhøj's runs rules have no fixed lengths and ignore them.
    """

    chart: ChartType = "xmr"
    rules: RuleSet | None = None
    improvement: Direction = "increase"
    target: float | None = None
    rebase: tuple[Period, ...] = ()
    baseline: int | None = None
    exclude: tuple[Period, ...] = ()
    centre: float | None = None
    multiply: float = 1.0
    screen: bool = True
    allow_negative: bool = True
    shift_length: int | None = None
    trend_length: int | None = None
    two_in_three_beyond: bool = False
    improvement_wins: bool = False
    aggregate: Aggregate = "mean"
    astronomical: tuple[Period, ...] = ()
    short_group_threshold: int = 12

    @property
    def rule_set(self) -> RuleSet:
        return self.rules or default_rules(self.chart)


class Point(NamedTuple):
    """One plotted point: a period's value, its limits and its signals.

    A named tuple rather than a frozen dataclass: a batch of thousands of series, or one long
    series, builds a Point per period, and a tuple is built several times faster."""

    period: Period
    value: float | None
    denominator: float | None
    segment: int
    baseline: bool
    included: bool
    centre: float | None
    lower: float | None
    upper: float | None
    lower_2s: float | None
    upper_2s: float | None
    outside_limits: bool
    shift: bool
    trend: bool
    two_in_three: bool
    special_cause: bool
    point_type: PointType
    # Why the point is special, in words (e.g. "7 points above the centre line"); empty if not.
    reason: str = ""


@dataclass(frozen=True)
class Summary:
    """One chart in a line: its limits now, its icons and its run statistics.

    Limits are those of the last point; run statistics describe the last segment.
    """

    series: str
    chart: ChartType
    rules: RuleSet
    n: int
    n_useful: int
    centre: float | None
    lower: float | None
    upper: float | None
    variation_icon: VariationIcon
    assurance_icon: AssuranceIcon
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    runs_signal: bool
    short_group_warning: bool
    warnings: tuple[str, ...] = ()
    # A period from which recalculating the limits is suggested (a sustained shift); never applied.
    suggested_rebase: Period | None = None


@dataclass(frozen=True)
class SeriesResult:
    """The chart of one series: its points in period order and its summary."""

    summary: Summary
    points: tuple[Point, ...] = field(default_factory=tuple)

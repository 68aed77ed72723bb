"""kaizen-spc: run charts and SPC charts exact to NHSRplotthedots and qicharts2.

``spc`` charts one series and returns typed points and a summary; ``spc_batch`` charts every
series of a polars or pandas frame in one vectorised pass. Rule sets: ``mdc`` (NHS "Making Data
Count", NHSRplotthedots 0.2.2), ``anhoej`` (qicharts2 0.8.1) and ``ihi`` (run-chart rules).

>>> from kaizen_spc import spc
>>> result = spc([1, 2, 3, 4, 5, 6, 7, 8], [5, 6, 5, 7, 6, 5, 6, 12])
>>> result.summary.variation_icon, result.points[-1].point_type
('improvement_high', 'special_cause_improvement')
>>> [point.reason for point in result.points if point.special_cause]
['Above the upper limit']
"""

from kaizen_spc.api import BatchResult, series_results, spc, spc_batch, spc_batches
from kaizen_spc.errors import SPCInputError
from kaizen_spc.types import (
    CHART_TYPES,
    DIRECTIONS,
    POINT_TYPES,
    RULE_SETS,
    AssuranceIcon,
    ChartType,
    Direction,
    Period,
    Point,
    PointType,
    RuleSet,
    SeriesResult,
    SPCOptions,
    Summary,
    VariationIcon,
    default_rules,
)

__all__ = [
    "CHART_TYPES",
    "DIRECTIONS",
    "POINT_TYPES",
    "RULE_SETS",
    "AssuranceIcon",
    "BatchResult",
    "ChartType",
    "Direction",
    "Period",
    "Point",
    "PointType",
    "RuleSet",
    "SPCInputError",
    "SPCOptions",
    "SeriesResult",
    "Summary",
    "VariationIcon",
    "default_rules",
    "series_results",
    "spc",
    "spc_batch",
    "spc_batches",
]

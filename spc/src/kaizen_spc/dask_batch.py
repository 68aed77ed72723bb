"""spc_batch over a Dask DataFrame: the charting of a large table spread over a cluster.

A series' chart needs all of its rows at once, so the frame is shuffled until every series
lies in one partition; each partition is then charted by ``spc_batch`` exactly as a whole
frame would be, and the pieces come back to this process as one ``BatchResult``, in the order
``spc_batch`` gives. Dask is an optional extra (``pip install kaizen-spc[dask]``); this module
imports neither Dask nor pandas itself, so importing it costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from kaizen_spc.api import BatchResult, spc_batch
from kaizen_spc.types import SPCOptions

if TYPE_CHECKING:
    import pandas as pd

# The two results travel as one pandas frame per partition; this column says which is which.
_PART = "__kaizen_part__"
_FRAME = "__kaizen_frame__"
# The series as given (an integer id, say), to put series in the order spc_batch sorts them.
_KEY = "__kaizen_series_key__"


def spc_dask(
    ddf: Any,
    *,
    period: str = "period",
    value: str = "value",
    denominator: str | None = None,
    series: str = "series",
    options: SPCOptions | None = None,
    **overrides: Any,
) -> BatchResult:
    """Chart every series of a ``dask.dataframe.DataFrame``; the same result as ``spc_batch``.

    Computes the graph (with the current Dask scheduler or distributed client) and returns
    the points and summaries as polars frames, sorted by series and period.
    """
    columns = [name for name in (series, period, value, denominator) if name]
    chart = functools.partial(
        spc_batch,
        period=period,
        value=value,
        denominator=denominator,
        series=series,
        options=options,
        **overrides,
    )
    shuffled = ddf[columns].shuffle(on=series)
    charted = shuffled.map_partitions(_chart_partition, chart, series, meta=_meta()).compute()
    if charted.empty:  # no rows at all: spc_batch knows what an empty result looks like
        return chart(ddf[columns]._meta)
    return _unpack(charted)


def _chart_partition(
    partition: pd.DataFrame, chart: Callable[[pd.DataFrame], BatchResult], series: str
) -> pd.DataFrame:
    import pandas as pd

    if partition.empty:
        return _meta()
    result = chart(partition)
    # spc_batch sorts the series as given (9 before 10) and names them as text ("10" < "9"):
    # keep the given value, one per summary row, so that the partitions can be merged.
    keys = pl.Series(_KEY, partition[series]).unique().sort()
    points = result.points.with_columns(keys.gather(result.points["series"].rle_id()))
    if result.reasons is not None:
        points = points.with_columns(result.reasons)
    summary = result.summary.with_columns(keys)
    # Points and summary share one frame (Dask wants one result per partition): each is
    # pickled in one cell, which keeps every dtype (dates, lists) exactly as polars made it.
    return pd.DataFrame({_PART: ["points", "summary"], _FRAME: [points, summary]})


def _meta() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({_PART: pd.Series([], dtype=object), _FRAME: pd.Series([], dtype=object)})


def _unpack(charted: pd.DataFrame) -> BatchResult:
    parts: dict[str, list[pl.DataFrame]] = {"points": [], "summary": []}
    for part, frame in zip(charted[_PART], charted[_FRAME], strict=True):
        parts[part].append(frame)
    points = pl.concat(parts["points"]).sort(_KEY, "period", maintain_order=True)
    reasons = points.get_column("reason") if "reason" in points.columns else None
    return BatchResult(
        points=points.drop(_KEY, "reason", strict=False),
        summary=pl.concat(parts["summary"]).sort(_KEY, maintain_order=True).drop(_KEY),
        reasons=reasons,
    )

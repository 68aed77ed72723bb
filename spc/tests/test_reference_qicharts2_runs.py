"""Anhøj run statistics and 3-sigma signals against qicharts2 0.8.1, point by point.

Each reference frame (``reference-tests/qicharts2``) repeats its part's run statistics on every
row; the call is turned into options exactly as for the limits
(``test_reference_qicharts2_limits.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
from reference_data import shared_data
from test_reference_qicharts2_limits import _calls, _chart_of

from kaizen_spc import spc_batch
from kaizen_spc._numeric import segment_ids
from kaizen_spc._prepare import prepare
from kaizen_spc.limits import compute_limits
from kaizen_spc.rules import evaluate

# qicharts2 column -> Signals field (one value per segment).
STATISTICS = {
    "n.useful": "n_useful",
    "longest.run": "longest_run",
    "longest.run.max": "longest_run_max",
    "n.crossings": "crossings",
    "n.crossings.min": "crossings_min",
}


def _expected(call: dict[str, Any]) -> pl.DataFrame:
    path = shared_data("reference-tests", "qicharts2", call["csv"])
    return pl.read_csv(path, null_values=["NA"], infer_schema_length=None)


@pytest.mark.parametrize("call", _calls(), ids=lambda call: call["csv"])
def test_it_matches_the_qicharts2_run_statistics_of_every_part(call: dict[str, Any]) -> None:
    frame, options = _chart_of(call["call"])
    expected = _expected(call)
    denominator = "denominator" if "denominator" in frame.columns else None
    prepared = prepare(frame, denominator=denominator, options=options)
    signals = evaluate(prepared, compute_limits(prepared, options), options)
    segment = segment_ids(prepared.segment_offsets)
    for column, field in STATISTICS.items():
        ours = np.asarray(getattr(signals, field))[segment]
        theirs = expected[column].cast(pl.Float64).fill_null(-1).to_numpy()
        assert ours.tolist() == theirs.astype(np.int64).tolist(), column
    runs_signal = np.asarray(signals.runs_signal)[segment]
    assert runs_signal.tolist() == expected["runs.signal"].to_list()
    n_obs = np.bincount(segment, weights=prepared.included)[segment]
    assert n_obs.tolist() == expected["n.obs"].cast(pl.Float64).to_list()


@pytest.mark.parametrize("call", _calls(), ids=lambda call: call["csv"])
def test_it_matches_the_qicharts2_sigma_signals_and_summary(call: dict[str, Any]) -> None:
    frame, options = _chart_of(call["call"])
    expected = _expected(call)
    denominator = "denominator" if "denominator" in frame.columns else None
    batch = spc_batch(frame, denominator=denominator, series=None, options=options)
    assert batch.points["outside_limits"].to_list() == expected["sigma.signal"].to_list()
    last = expected.tail(1)
    summary = batch.summary.row(0, named=True)
    assert summary["n"] == last["n.obs"].item()
    assert summary["n_useful"] == last["n.useful"].item()
    assert summary["longest_run"] == last["longest.run"].item()
    assert summary["crossings"] == last["n.crossings"].item()
    assert summary["runs_signal"] == last["runs.signal"].item()
    # The shift marks are the points of a run longer than allowed, so only with a long run.
    longest, longest_max = last["longest.run"].item(), int(last["longest.run.max"].item())
    marked = batch.points.filter(pl.col("segment") == pl.col("segment").max())["shift"].any()
    assert marked == (longest > longest_max and options.chart != "mr")

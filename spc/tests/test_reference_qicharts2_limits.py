"""Centre lines and limits against qicharts2 0.8.1's own test-suite outputs, point by point.

Each reference file records the ``qic()`` call that produced it (calls.json); the call is turned
into the same chart through kaizen-spc: ``freeze`` is the baseline, ``part = k`` a rebase at the
(k + 1)-th subgroup, ``exclude`` the excluded subgroups, ``i`` the XmR chart under Anhøj's rules.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import polars as pl
import pytest
from reference_data import SHARED_DATA, shared_data

from kaizen_spc._prepare import prepare
from kaizen_spc.limits import compute_limits
from kaizen_spc.types import ChartType, SPCOptions

CHARTS: dict[str, ChartType] = {"i": "xmr", "mr": "mr", "xbar": "xbar", "s": "s", "t": "t"}
CHARTS.update({chart: chart for chart in ("p", "c", "u")})


def _calls() -> list[Any]:
    """The recorded qic() calls, as test parameters (read at collection, so no pytest.skip)."""
    path = SHARED_DATA / "reference-tests" / "qicharts2" / "calls.json"
    if not path.exists():
        absent = pytest.mark.skip(reason=f"shared data not available: {path}")
        return [pytest.param(None, id="no-shared-data", marks=absent)]
    return [call for call in json.loads(path.read_text()) if not call["csv"].startswith("hai_")]


def _argument(call: str, name: str) -> str | None:
    found = re.search(rf"\b{name} = (c\([^)]*\)|'[^']*'|[\w.]+)", call)
    return found.group(1) if found else None


def _numbers(text: str | None) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", text or ""))


def _read(path: Any) -> pl.DataFrame:
    return pl.read_csv(path, null_values=["NA"], infer_schema_length=None)


def _chart_of(call: str) -> tuple[pl.DataFrame, SPCOptions]:
    positional = call[len("qic(") :].split(", ")
    x, y = positional[0], positional[1]
    n = positional[2] if "=" not in positional[2] else None
    table = _read(
        shared_data("reference-tests", "qicharts2", "inputs", f"{_argument(call, 'data')}.csv")
    )
    columns = {"period": pl.col(x).cast(pl.Int64), "value": pl.col(y).cast(pl.Float64)}
    if n is not None:
        columns["denominator"] = pl.col(n).cast(pl.Float64)
    # qicharts2 drops rows without an x; kaizen-spc refuses them, so the test drops them first.
    frame = table.select(**columns).filter(pl.col("period").is_not_null())
    chart = _argument(call, "chart").strip("'")
    periods = sorted(set(frame["period"].to_list()))
    part = _numbers(_argument(call, "part"))
    options = SPCOptions(
        chart=CHARTS[chart],
        rules="anhoej",
        baseline=_numbers(_argument(call, "freeze"))[0] if _argument(call, "freeze") else None,
        rebase=tuple(periods[index] for index in part),
        exclude=tuple(periods[index - 1] for index in _numbers(_argument(call, "exclude"))),
        multiply=float(_argument(call, "multiply") or 1),
    )
    return frame, options


@pytest.mark.parametrize("call", _calls(), ids=lambda call: call["csv"])
def test_it_matches_qicharts2_limits_point_by_point(call: dict[str, Any]) -> None:
    frame, options = _chart_of(call["call"])
    expected = _read(shared_data("reference-tests", "qicharts2", call["csv"]))
    prepared = prepare(
        frame,
        denominator="denominator" if "denominator" in frame.columns else None,
        options=options,
    )
    limits = compute_limits(prepared, options)

    assert prepared.period.tolist() == expected["x"].cast(pl.Int64).to_list()
    for ours, theirs in (
        (limits.y, "y"),
        (limits.centre, "cl"),
        (limits.lower, "lcl"),
        (limits.upper, "ucl"),
    ):
        reference = expected[theirs].cast(pl.Float64).fill_null(np.nan).to_numpy()
        np.testing.assert_allclose(ours, reference, rtol=1e-9, atol=0, err_msg=theirs)


@pytest.mark.parametrize(
    ("summary", "facets"),
    [("hai_1.csv", []), ("hai_2.csv", ["infection"]), ("hai_3.csv", ["hospital", "infection"])],
)
def test_it_matches_qicharts2_u_chart_summaries_of_many_series(
    summary: str, facets: list[str]
) -> None:
    # qic(month, n, days, facets = ..., chart = 'u'); hai_1 sums all hospitals per month, which
    # kaizen-spc does as subgroups of repeated periods. The published data and summaries carry 10
    # significant digits, hence the tolerance right at the 1e-9 bar.
    infections = pl.read_csv(
        shared_data("qicharts2", "hospital_infections_raw.csv"), try_parse_dates=True
    )
    frame = infections.select(
        pl.col("month").alias("period"),
        pl.col("n").cast(pl.Float64).alias("value"),
        pl.col("days").alias("denominator"),
        pl.concat_str([pl.col(facet) for facet in facets], separator=" ").alias("series")
        if facets
        else pl.lit("").alias("series"),
    )
    options = SPCOptions(chart="u", rules="anhoej")
    prepared = prepare(frame, denominator="denominator", series="series", options=options)
    limits = compute_limits(prepared, options)

    expected = pl.read_csv(shared_data("qicharts2", summary))
    names = [
        " ".join(str(row[f"facet{k + 1}"]) for k in range(len(facets))) if facets else ""
        for row in expected.iter_rows(named=True)
    ]
    assert list(prepared.series_names) == names
    offsets = prepared.series_offsets[:-1]
    for ours, theirs in ((limits.centre, "CL"), (limits.lower, "aLCL"), (limits.upper, "aUCL")):
        means = np.add.reduceat(ours, offsets) / np.diff(prepared.series_offsets)
        np.testing.assert_allclose(means, expected[theirs].to_numpy(), rtol=1e-9, atol=1e-15)

"""The command line's funnel mode: one unit per series, its rows summed, as CSV or JSON."""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from kaizen_spc._csvio import Table
from kaizen_spc._csvout import Formatted, csv_cells
from kaizen_spc._csvsource import InputError
from kaizen_spc.errors import SPCInputError
from kaizen_spc.funnel import Adjustment, FunnelKind, FunnelResult, funnel

UNIT_COLUMNS = (
    "unit",
    "numerator",
    "denominator",
    "value",
    "z",
    "z_adjusted",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "outside_95",
    "outside_998",
)
FUNNEL_SUMMARY_COLUMNS = ("kind", "adjustment", "units", "target", "phi", "tau2", "overdispersed")


def funnel_of_table(
    table: Table,
    *,
    kind: FunnelKind,
    adjustment: Adjustment,
    target: float | None,
    multiply: float,
) -> tuple[pl.DataFrame, dict[str, object]]:
    """The funnel of a parsed CSV: a unit per series (all its rows summed, as FunnelPlotR
    aggregates a group), with its value, z-scores and limits; and the plot's summary."""
    columns = table.columns
    if columns.denominator is None:
        raise InputError(["a funnel plot needs a denominator column (--denominator-col)"])
    frame = table.frame.with_row_index("row")
    unit = pl.col(columns.series).cast(pl.String) if columns.series else pl.lit("")
    units = frame.group_by(unit.alias("unit"), maintain_order=True).agg(
        pl.col("row").first(),
        pl.col(columns.value).sum().alias("numerator"),
        pl.col(columns.denominator).sum().alias("denominator"),
        pl.any_horizontal(pl.col(columns.value, columns.denominator).is_null())
        .any()
        .alias("missing"),
    )
    _refuse_missing(units, table)
    try:
        result = funnel(
            units["numerator"].to_numpy(),
            units["denominator"].to_numpy(),
            kind=kind,
            adjustment=adjustment,
            target=target,
            multiply=multiply,
        )
    except SPCInputError as error:
        raise InputError([_unit_problem(error, units, table)]) from None
    return _unit_table(units, result), _summary(result)


def funnel_outputs(
    units: pl.DataFrame, summary: dict[str, object], *, as_json: bool
) -> tuple[Formatted, Formatted]:
    """The units (CSV, or JSON with the summary) and the summary as CSV, ready to write."""
    summary_csv = Formatted(
        csv_cells(pl.DataFrame([summary]).select(FUNNEL_SUMMARY_COLUMNS), free_text=[])
    )
    if as_json:
        document = json.dumps({"summary": summary, "units": units.to_dicts()})
        return Formatted(pl.DataFrame({"json": [document]}), header=False), summary_csv
    return Formatted(csv_cells(units, free_text=["unit"])), summary_csv


def _refuse_missing(units: pl.DataFrame, table: Table) -> None:
    missing = units.filter(pl.col("missing"))
    if missing.height:
        line = table.line(int(missing["row"][0]))
        raise InputError(
            [
                f"line {line}: unit {missing['unit'][0]!r} has a missing numerator or "
                "denominator; a funnel plot needs both for every unit"
            ]
        )


def _unit_problem(error: SPCInputError, units: pl.DataFrame, table: Table) -> str:
    if error.row is None:
        return error.message
    unit = units.row(error.row, named=True)
    return f"unit {unit['unit']!r} (first on line {table.line(unit['row'])}): {error.message}"


def _unit_table(units: pl.DataFrame, result: FunnelResult) -> pl.DataFrame:
    limits = result.limits
    return pl.DataFrame(
        {
            "unit": units["unit"],
            "numerator": result.numerator,
            "denominator": limits.denominator,
            "value": result.value,
            "z": result.z,
            "z_adjusted": result.z_adjusted,
            "lower_95": limits.lower_95,
            "upper_95": limits.upper_95,
            "lower_998": limits.lower_998,
            "upper_998": limits.upper_998,
            "outside_95": result.outside_95,
            "outside_998": result.outside_998,
        }
    ).select(UNIT_COLUMNS)


def _summary(result: FunnelResult) -> dict[str, object]:
    target = result.target * result.multiply
    return {
        "kind": result.kind,
        "adjustment": result.adjustment,
        "units": len(result.z),
        "target": target if np.isfinite(target) else None,
        "phi": result.phi,
        "tau2": result.tau2,
        "overdispersed": result.overdispersed,
    }

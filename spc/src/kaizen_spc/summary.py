"""One line per series: its limits now, its icons, its run statistics and its warnings.

Limits and icons come from the series' last point, run statistics from its last segment, as
NHSRplotthedots' icons and qicharts2's summaries do (SPC.md §1.6-1.8, §2.4).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from kaizen_spc._arrays import Bools, Floats, Ints, Limits, Prepared
from kaizen_spc._numeric import segment_count
from kaizen_spc._periods import FREQUENCIES, find_gaps
from kaizen_spc.rules import Signals
from kaizen_spc.types import Direction, SPCOptions, VariationIcon

SUMMARY_SCHEMA = pl.Schema(
    {
        "series": pl.String(),
        "chart": pl.String(),
        "rules": pl.String(),
        "n": pl.Int64(),
        "n_useful": pl.Int64(),
        "centre": pl.Float64(),
        "lower": pl.Float64(),
        "upper": pl.Float64(),
        "variation_icon": pl.String(),
        "assurance_icon": pl.String(),
        "longest_run": pl.Int64(),
        "longest_run_max": pl.Int64(),
        "crossings": pl.Int64(),
        "crossings_min": pl.Int64(),
        "runs_signal": pl.Boolean(),
        "short_group_warning": pl.Boolean(),
        "warnings": pl.List(pl.String),
        "suggested_rebase": pl.Int64(),
    }
)

# The variation icon of each point type (types.POINT_TYPES order), by improvement direction.
_ICONS: dict[Direction, tuple[VariationIcon, ...]] = {
    "increase": ("common_cause", "improvement_high", "concern_low", "neutral_high", "neutral_low"),
    "decrease": ("common_cause", "improvement_low", "concern_high", "neutral_high", "neutral_low"),
    "neutral": ("common_cause", "improvement_high", "concern_low", "neutral_high", "neutral_low"),
}
# How each rule set treats a missing value, for the warning that reports them.
_MISSING_EFFECT = {
    "mdc": "a missing value breaks shifts and trends",
    "anhoej": "missing values are left out of the runs analysis",
    "ihi": "the run rules skip missing values",
}
# Prepared.warnings and the missing periods named in a warning are cut after this many.
_LISTED_GAPS = 5


def summarise(
    prepared: Prepared, limits: Limits, shown: Limits, signals: Signals, options: SPCOptions
) -> pl.DataFrame:
    """The summary frame (SUMMARY_SCHEMA), one row per series in series order.

    ``limits`` are those the rules used; ``shown`` those displayed (lower limits clamped).
    """
    series_offsets = prepared.series_offsets
    last = series_offsets[1:] - 1
    last_segment = np.searchsorted(prepared.segment_offsets, last, side="right") - 1
    baseline_points = segment_count(prepared.baseline, prepared.segment_offsets)
    # Segments of series k are segment_of_series[k]:segment_of_series[k + 1].
    segment_of_series = np.searchsorted(prepared.segment_offsets, series_offsets)
    smallest_baseline = np.minimum.reduceat(baseline_points, segment_of_series[:-1])
    short = smallest_baseline < options.short_group_threshold
    rebase_at = signals.sustained_shift_start[last_segment]
    icons = np.array(_ICONS[options.improvement])
    columns = {
        "series": pl.Series(prepared.series_names, dtype=pl.String),
        "chart": pl.repeat(options.chart, len(last), eager=True),
        "rules": pl.repeat(options.rule_set, len(last), eager=True),
        "n": segment_count(prepared.included, prepared.segment_offsets)[last_segment],
        "n_useful": signals.n_useful[last_segment],
        "centre": _nullable(shown.centre[last]),
        "lower": _nullable(shown.lower[last]),
        "upper": _nullable(shown.upper[last]),
        "variation_icon": icons[signals.point_type[last]],
        "assurance_icon": _assurance(limits, last, options),
        "longest_run": _maybe(signals.longest_run[last_segment]),
        "longest_run_max": _maybe(signals.longest_run_max[last_segment]),
        "crossings": _maybe(signals.crossings[last_segment]),
        "crossings_min": _maybe(signals.crossings_min[last_segment]),
        "runs_signal": signals.runs_signal[last_segment],
        "short_group_warning": short,
        "warnings": _warnings(prepared, limits, smallest_baseline, short, options),
        "suggested_rebase": _maybe(np.where(rebase_at >= 0, prepared.period[rebase_at], -1)),
    }
    frame = pl.DataFrame(columns, schema=SUMMARY_SCHEMA)
    if prepared.period_is_date:
        frame = frame.with_columns(pl.col("suggested_rebase").cast(pl.Date))
    return frame


def _nullable(values: Floats) -> pl.Series:
    return pl.Series(values, nan_to_null=True)


def _maybe(values: Ints) -> pl.Series:
    """-1 (no such statistic) as null."""
    return pl.Series(np.where(values < 0, np.nan, values), nan_to_null=True).cast(pl.Int64)


def _assurance(limits: Limits, last: Ints, options: SPCOptions) -> pl.Series:
    """Does the process reliably meet the target? Strict comparisons, as §1.7."""
    target = options.target
    if target is None or options.improvement == "neutral" or options.chart == "run":
        return pl.repeat("", len(last), eager=True)
    above = target > limits.upper[last]
    below = target < limits.lower[last]
    passing, failing = (below, above) if options.improvement == "increase" else (above, below)
    return pl.Series(
        np.select([passing, failing], ["consistent_pass", "consistent_fail"], "inconsistent")
    )


def _warnings(
    prepared: Prepared, limits: Limits, smallest_baseline: Ints, short: Bools, options: SPCOptions
) -> pl.Series:
    """Plain sentences about what might make a chart misleading, per series."""
    offsets = prepared.series_offsets
    present = ~np.isnan(limits.y)
    with np.errstate(invalid="ignore"):
        no_limits = present & np.isnan(limits.upper)
        zero_width = present & (limits.upper == limits.lower)
    has_limits = options.chart != "run"
    facts = pl.DataFrame(
        {
            "gaps": _gap_sentences(prepared),
            "missing": segment_count(np.isnan(prepared.value), offsets),
            "short": short,
            "baseline": smallest_baseline,
            "no_limits": segment_count(no_limits, offsets) if has_limits else 0,
            "zero_width": segment_count(zero_width, offsets) if has_limits else 0,
        }
    )
    threshold = options.short_group_threshold
    sentences = [
        *_prepared_sentences(prepared),
        pl.col("gaps"),
        _when(
            pl.col("missing") > 0,
            pl.format(
                "{} {} no value (left out of the limits; {}).",
                pl.col("missing"),
                _plural("missing", "point has", "points have"),
                pl.lit(_MISSING_EFFECT[options.rule_set]),
            ),
        ),
        _when(
            pl.col("short"),
            pl.format(
                "The limits rest on only {} {}; at least {} are recommended before relying on "
                "them.",
                pl.col("baseline"),
                _plural("baseline", "point", "points"),
                pl.lit(threshold),
            ),
        ),
        _when(
            pl.col("no_limits") > 0,
            pl.format(
                "The limits cannot be calculated for {} {}: the values do not vary, or there are "
                "too few of them.",
                pl.col("no_limits"),
                _plural("no_limits", "point", "points"),
            ),
        ),
        _when(
            pl.col("zero_width") > 0,
            pl.format(
                "The limits have zero width for {} {}: the data show no routine variation, so "
                "every point off the centre line is flagged.",
                pl.col("zero_width"),
                _plural("zero_width", "point", "points"),
            ),
        ),
    ]
    return facts.select(pl.concat_list(sentences).list.drop_nulls().alias("warnings"))["warnings"]


def _when(condition: pl.Expr, sentence: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(sentence).otherwise(pl.lit(None, dtype=pl.String))


def _plural(column: str, one: str, many: str) -> pl.Expr:
    return pl.when(pl.col(column) == 1).then(pl.lit(one)).otherwise(pl.lit(many))


def _prepared_sentences(prepared: Prepared) -> list[pl.Series]:
    """Prepared.warnings as sentences: column j holds each series' j-th warning, or null."""
    notes = prepared.warnings
    counts = np.fromiter(map(len, notes), dtype=np.int64, count=len(notes))
    noted = np.flatnonzero(counts)
    columns = []
    for j in range(int(counts.max(initial=0))):
        having = noted[counts[noted] > j]
        column = pl.repeat(None, len(notes), dtype=pl.String, eager=True)
        sentences = pl.Series([_sentence(notes[k][j]) for k in having], dtype=pl.String)
        columns.append(column.scatter(having, sentences))
    return columns


def _sentence(note: str) -> str:
    text = note[:1].upper() + note[1:]
    return text if text.endswith(".") else text + "."


def _gap_sentences(prepared: Prepared) -> pl.Series:
    """Per series, a sentence naming the first missing periods, or null."""
    series_count = len(prepared.series_offsets) - 1
    gaps = find_gaps(
        prepared.period, prepared.period_is_date, prepared.series_offsets, _LISTED_GAPS
    )
    sentences = pl.repeat(None, series_count, dtype=pl.String, eager=True)
    if not gaps.count.any():
        return sentences
    listed = pl.Series(gaps.listed_period)
    names = (
        listed.cast(pl.Date).dt.to_string("%Y-%m-%d")
        if prepared.period_is_date
        else listed.cast(pl.String)
    )
    with_gaps = np.flatnonzero(gaps.count > 0)
    joined = (
        pl.DataFrame({"series": gaps.listed_series, "name": names})
        .group_by("series", maintain_order=True)
        .agg(pl.col("name").str.join(", "))
    )
    frequency = np.array([f"{name} " if name else "" for name in FREQUENCIES])
    facts = pl.DataFrame(
        {
            "count": gaps.count[with_gaps],
            "frequency": frequency[gaps.frequency[with_gaps]],
            "names": joined["name"],
            "more": gaps.count[with_gaps] - _LISTED_GAPS,
        }
    )
    text = facts.select(
        pl.format(
            "No data for {} {}{}: {}{}.",
            pl.col("count"),
            pl.col("frequency"),
            _plural("count", "period", "periods"),
            pl.col("names"),
            pl.when(pl.col("more") > 0)
            .then(pl.format(" and {} more", pl.col("more")))
            .otherwise(pl.lit("")),
        )
    ).to_series()
    return sentences.scatter(with_gaps, text)

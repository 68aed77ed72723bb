"""One line per series: its limits now, its icons, its run statistics and its warnings.

Limits and icons come from the series' last point, run statistics from its last segment, as
NHSRplotthedots' icons and qicharts2's summaries do (SPC.md §1.6-1.8, §2.4).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from kaizen_spc._arrays import Bools, Floats, Ints, Limits, Prepared
from kaizen_spc._numeric import segment_count
from kaizen_spc._periods import find_gaps
from kaizen_spc.rules import Signals
from kaizen_spc.types import (
    AssuranceIcon,
    ChartType,
    Direction,
    RuleSet,
    SPCOptions,
    Summary,
    VariationIcon,
)

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
        # pl.Date when the periods are dates.
        "suggested_rebase": pl.Int64(),
    }
)

# The variation icon of each point type (types.POINT_TYPES order), by improvement direction.
# Without a direction there is no improvement or concern, only neutral highs and lows.
_ICONS: dict[Direction, tuple[VariationIcon, ...]] = {
    "increase": ("common_cause", "improvement_high", "concern_low", "neutral_high", "neutral_low"),
    "decrease": ("common_cause", "improvement_low", "concern_high", "neutral_high", "neutral_low"),
    "neutral": ("common_cause", "improvement_high", "concern_low", "neutral_high", "neutral_low"),
}
_ASSURANCE_ICONS: tuple[AssuranceIcon, ...] = (
    "",
    "inconsistent",
    "consistent_pass",
    "consistent_fail",
)
_EPOCH = dt.date(1970, 1, 1)
# How each rule set treats a missing value, for the warning that reports them.
_MISSING_EFFECT = {
    "mdc": "a missing value breaks shifts and trends",
    "anhoej": "missing values are left out of the runs analysis",
    "ihi": "the run rules skip missing values",
}
# Prepared.warnings and the missing periods named in a warning are cut after this many.
_LISTED_GAPS = 5


@dataclass(frozen=True)
class SummaryTable:
    """The summary of every series as arrays: a frame for batches, a Summary for one series.

    Missing numbers are NaN (floats) or -1 (counts); icons are indices into their names.
    """

    series_names: tuple[str, ...]
    chart: ChartType
    rules: RuleSet
    n: Ints
    n_useful: Ints
    centre: Floats
    lower: Floats
    upper: Floats
    variation_icon: Ints
    variation_names: tuple[VariationIcon, ...]
    assurance_icon: Ints
    longest_run: Ints
    longest_run_max: Ints
    crossings: Ints
    crossings_min: Ints
    runs_signal: Bools
    short_group_warning: Bools
    # (series index, sentence) rows in series order.
    warnings: pl.DataFrame
    suggested_rebase: Ints
    period_is_date: bool

    def frame(self) -> pl.DataFrame:
        """One row per series, with the columns of SUMMARY_SCHEMA."""
        size = len(self.series_names)
        columns = {
            "series": pl.Series(self.series_names, dtype=pl.String),
            "chart": _repeat(self.chart, size),
            "rules": _repeat(self.rules, size),
            "n": self.n,
            "n_useful": self.n_useful,
            "centre": _nullable(self.centre),
            "lower": _nullable(self.lower),
            "upper": _nullable(self.upper),
            "variation_icon": pl.Series(self.variation_names)[self.variation_icon],
            "assurance_icon": pl.Series(_ASSURANCE_ICONS)[self.assurance_icon],
            "longest_run": _maybe(self.longest_run),
            "longest_run_max": _maybe(self.longest_run_max),
            "crossings": _maybe(self.crossings),
            "crossings_min": _maybe(self.crossings_min),
            "runs_signal": self.runs_signal,
            "short_group_warning": self.short_group_warning,
            "warnings": _lists(self.warnings, size),
            "suggested_rebase": _maybe(self.suggested_rebase),
        }
        period = pl.Date() if self.period_is_date else pl.Int64()
        return pl.DataFrame(columns, schema={**SUMMARY_SCHEMA, "suggested_rebase": period})

    def summary(self, index: int, name: str) -> Summary:
        """The summary of series ``index``, named ``name``."""

        def count(values: Ints) -> int | None:
            value = int(values[index])
            return None if value < 0 else value

        def number(values: Floats) -> float | None:
            value = float(values[index])
            return None if math.isnan(value) else value

        rebase = count(self.suggested_rebase)
        sentences = self.warnings.filter(pl.col("series") == index) if len(self.warnings) else None
        return Summary(
            series=name,
            chart=self.chart,
            rules=self.rules,
            n=int(self.n[index]),
            n_useful=int(self.n_useful[index]),
            centre=number(self.centre),
            lower=number(self.lower),
            upper=number(self.upper),
            variation_icon=self.variation_names[self.variation_icon[index]],
            assurance_icon=_ASSURANCE_ICONS[self.assurance_icon[index]],
            longest_run=count(self.longest_run),
            longest_run_max=count(self.longest_run_max),
            crossings=count(self.crossings),
            crossings_min=count(self.crossings_min),
            runs_signal=bool(self.runs_signal[index]),
            short_group_warning=bool(self.short_group_warning[index]),
            warnings=tuple(sentences["warning"].to_list()) if sentences is not None else (),
            suggested_rebase=(
                _EPOCH + dt.timedelta(days=rebase)
                if rebase is not None and self.period_is_date
                else rebase
            ),
        )


def summarise(
    prepared: Prepared, limits: Limits, shown: Limits, signals: Signals, options: SPCOptions
) -> SummaryTable:
    """The summary of every series, in series order.

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
    return SummaryTable(
        series_names=prepared.series_names,
        chart=options.chart,
        rules=options.rule_set,
        n=segment_count(prepared.included, prepared.segment_offsets)[last_segment],
        n_useful=signals.n_useful[last_segment],
        centre=shown.centre[last],
        lower=shown.lower[last],
        upper=shown.upper[last],
        variation_icon=signals.point_type[last].astype(np.int64),
        variation_names=_ICONS[options.improvement],
        assurance_icon=_assurance(limits, last, options),
        longest_run=signals.longest_run[last_segment],
        longest_run_max=signals.longest_run_max[last_segment],
        crossings=signals.crossings[last_segment],
        crossings_min=signals.crossings_min[last_segment],
        runs_signal=signals.runs_signal[last_segment],
        short_group_warning=short,
        warnings=_warnings(prepared, limits, smallest_baseline, short, options),
        suggested_rebase=np.where(rebase_at >= 0, prepared.period[rebase_at], -1),
        period_is_date=prepared.period_is_date,
    )


def _nullable(values: Floats) -> pl.Series:
    return pl.Series(values, nan_to_null=True)


def _maybe(values: Ints) -> pl.Series:
    """-1 (no such statistic) as null."""
    return pl.Series(np.where(values < 0, np.nan, values), nan_to_null=True).cast(pl.Int64)


def _assurance(limits: Limits, last: Ints, options: SPCOptions) -> Ints:
    """Index into _ASSURANCE_ICONS: does the process reliably meet the target? (§1.7)"""
    target = options.target
    if target is None or options.improvement == "neutral" or options.chart == "run":
        return np.zeros(len(last), dtype=np.int64)
    above = target > limits.upper[last]
    below = target < limits.lower[last]
    passing, failing = (below, above) if options.improvement == "increase" else (above, below)
    return np.select([passing, failing], [2, 3], 1).astype(np.int64)


def _warnings(
    prepared: Prepared, limits: Limits, smallest_baseline: Ints, short: Bools, options: SPCOptions
) -> pl.DataFrame:
    """Plain sentences about what might make a chart misleading, as (series, sentence) rows.

    Sentences are made for the series that need them only.
    """
    offsets = prepared.series_offsets
    missing = _per_series(np.isnan(prepared.value), offsets)
    parts = [_prepared_sentences(prepared), _gap_sentences(prepared, options)]
    effect = _MISSING_EFFECT[options.rule_set]
    parts.append(
        _counted(missing, "{} {} no value (left out of the limits; " + effect + ").", "point has")
    )
    parts.append(
        _counted(
            np.where(short, smallest_baseline, 0),
            "The limits rest on only {} {}; at least "
            + str(options.short_group_threshold)
            + " are recommended before relying on them.",
            "point",
        )
    )
    if options.chart != "run":
        present = ~np.isnan(limits.y)
        with np.errstate(invalid="ignore"):
            no_limits = present & np.isnan(limits.upper)
            zero_width = present & (limits.upper == limits.lower)
        parts.append(
            _counted(
                _per_series(no_limits, offsets),
                "The limits cannot be calculated for {} {}: the values do not vary, or there "
                "are too few of them.",
                "point",
            )
        )
        parts.append(
            _counted(
                _per_series(zero_width, offsets),
                "The limits have zero width for {} {}: the data show no routine variation, so "
                "every point off the centre line is flagged.",
                "point",
            )
        )
    found = [part for part in parts if not part.is_empty()]
    if len(found) < 2:
        return found[0] if found else _NO_SENTENCES
    # A stable sort keeps the order of the parts within each series.
    return pl.concat(found).sort("series", maintain_order=True)


def _per_series(mask: Bools, offsets: Ints) -> Ints:
    """How many points of each series are True (cheap when none is: the usual case)."""
    if not mask.any():
        return np.zeros(len(offsets) - 1, dtype=np.int64)
    return segment_count(mask, offsets)


def _lists(sentences: pl.DataFrame, series_count: int) -> pl.Series:
    """Sentences gathered into one list per series."""
    if sentences.is_empty():
        return _repeat([], series_count, pl.List(pl.String))
    grouped = sentences.group_by("series", maintain_order=True).agg("warning")
    return (
        pl.DataFrame({"series": np.arange(series_count)})
        .join(grouped, on="series", how="left")
        .select(pl.col("warning").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .to_series()
    )


def _repeat(value: object, size: int, dtype: pl.DataType | None = None) -> pl.Series:
    # Series.new_from_index is far cheaper than pl.repeat for the one-series charts of spc().
    return pl.Series([value], dtype=dtype).new_from_index(0, size)


_NO_SENTENCES = pl.DataFrame(schema={"series": pl.Int64(), "warning": pl.String()})


def _counted(counts: Ints, template: str, noun: str) -> pl.DataFrame:
    """A sentence for every series with a positive count.

    ``template`` takes the count and ``noun``, made plural ("point" -> "points", "point has"
    -> "points have") when the count is not 1.
    """
    at = np.flatnonzero(counts > 0)
    if not len(at):
        return _NO_SENTENCES
    plural = noun.replace("point", "points").replace(" has", " have")
    return pl.DataFrame({"series": at, "count": counts[at]}).select(
        "series",
        pl.format(
            template,
            "count",
            pl.when(pl.col("count") == 1).then(pl.lit(noun)).otherwise(pl.lit(plural)),
        ).alias("warning"),
    )


def _prepared_sentences(prepared: Prepared) -> pl.DataFrame:
    """Prepared.warnings as sentences."""
    rows = [
        (series, _sentence(note))
        for series, notes in enumerate(prepared.warnings)
        if notes
        for note in notes
    ]
    return pl.DataFrame(rows, schema=_NO_SENTENCES.schema, orient="row") if rows else _NO_SENTENCES


def _sentence(note: str) -> str:
    text = note[:1].upper() + note[1:]
    return text if text.endswith(".") else text + "."


# How the warning naming a series' missing periods begins, for a caller that lists them itself.
GAP_WARNING_START = "No data for "


def _gap_sentences(prepared: Prepared, options: SPCOptions) -> pl.DataFrame:
    """A sentence naming the first missing periods of every series with gaps.

    The periods of g and t charts are the dates of events, so they have no gaps.
    """
    if options.chart in ("g", "t"):
        return _NO_SENTENCES
    gaps = find_gaps(
        prepared.period, prepared.period_is_date, prepared.series_offsets, _LISTED_GAPS
    )
    with_gaps = np.flatnonzero(gaps.count > 0)
    if not len(with_gaps):
        return _NO_SENTENCES
    listed = pl.Series(gaps.listed_period)
    names = (
        listed.cast(pl.Date).dt.to_string("%Y-%m-%d")
        if prepared.period_is_date
        else listed.cast(pl.String)
    )
    joined = (
        pl.DataFrame({"series": gaps.listed_series, "name": names})
        .group_by("series", maintain_order=True)
        .agg(pl.col("name").str.join(", "))
    )
    facts = pl.DataFrame(
        {
            "series": with_gaps,
            "count": gaps.count[with_gaps],
            "frequency": np.char.add(gaps.frequencies()[with_gaps], " "),
            "names": joined["name"],
            "more": gaps.count[with_gaps] - _LISTED_GAPS,
        }
    )
    return facts.select(
        "series",
        pl.format(
            GAP_WARNING_START + "{} {}{}: {}{}.",
            "count",
            pl.col("frequency").str.strip_chars_start(),
            pl.when(pl.col("count") == 1).then(pl.lit("period")).otherwise(pl.lit("periods")),
            "names",
            pl.when(pl.col("more") > 0)
            .then(pl.format(" and {} more", "more"))
            .otherwise(pl.lit("")),
        ).alias("warning"),
    )

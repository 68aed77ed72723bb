"""The charts of many measures refreshed together: an upload, the API's bulk upsert or a bulk
import touching hundreds or thousands of measures at once.

measure_refresh charts one measure at a time: a lock, three queries, one kaizen_spc call and a
measure_changed signal each (twenty seconds for the API's 500 measures on PostgreSQL, two minutes
for a bulk import's 10,000). Here the whole set costs one locking query, one query for the
annotations that move limits, one query per ID_BATCH measures for the points (none when the
caller hands them over), one kaizen_spc batch per chart configuration, one write of the charts
(a COPY and one UPDATE on PostgreSQL, a prepared UPDATE on SQLite) and one measures_changed
signal, and each snapshot is the one measure_refresh would have stored.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import orjson
import polars as pl
from django.db import connection, transaction

from kaizen.measures.models import (
    LIMIT_MARKS,
    Annotation,
    DataPoint,
    LimitMark,
    Measure,
    headline_from_snapshot,
    snapshot_from_result,
)
from kaizen.measures.signals import measures_changed
from kaizen_spc import spc, spc_batch
from kaizen_spc.advisor import advise_batch
from kaizen_spc.types import SeriesResult, SPCOptions

# A stored point as (measure id, period, value, numerator, denominator).
StoredPoint = tuple[int, dt.date, float | None, float | None, float | None]
# Measures per query: PostgreSQL and SQLite both take this many parameters in one IN list.
ID_BATCH = 2000


def measures_refresh(
    *, measures: Sequence[Measure], points: Iterable[StoredPoint] | None = None
) -> None:
    """Recompute and store the SPC snapshot of each of ``measures`` from its data, annotations
    and options, then send measures_changed once, so that what other apps derive from the data
    (verdicts) follows it. Inside the caller's transaction: any error undoes its change too.

    ``points``, every point of the measures, when the caller has just stored them all and so
    need not have them read back."""
    if not measures:
        return
    with transaction.atomic(savepoint=False), cyclic_gc_paused():
        by_id = {measure.pk: measure for measure in measures}
        versions = _locked_versions(list(by_id))
        marks = _limit_marks(list(by_id))
        groups: dict[SPCOptions, dict[int, Measure]] = defaultdict(dict)
        for measure in by_id.values():
            groups[measure.spc_options(marks.get(measure.pk, []))][measure.pk] = measure
        ratio = {pk for pk, measure in by_id.items() if measure.is_ratio}
        frame = _points_frame(_stored_points(list(by_id)) if points is None else points, ratio)
        with _stored_charts() as store:
            for options, group in groups.items():
                for measure, result, advice in _charts(frame, group, options):
                    measure.data_version = versions[measure.pk] + 1
                    snapshot = snapshot_from_result(result, version=measure.data_version)
                    measure.spc_snapshot = snapshot
                    measure.spc_headline = headline_from_snapshot(snapshot, result, advice)
                    store(measure)
        measures_changed.send(sender=Measure, measures=list(by_id.values()))


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, then as it was. Charting thousands of
    series allocates millions of tuples and lists, none of them in a cycle, and each of them
    counts towards the next full collection, which walks every object alive: half the time of
    turning a batch's points into snapshots went on collections that found nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _locked_versions(ids: list[int]) -> dict[int, int]:
    """Each measure's stored data_version, its row locked (in id order, so that two bulk
    refreshes cannot deadlock) until the transaction ends: as in measure_refresh, two refreshes
    cannot interleave and store an older chart over a newer one."""
    versions: dict[int, int] = {}
    for start in range(0, len(ids), ID_BATCH):
        rows = (
            Measure.objects.select_for_update()
            .filter(pk__in=ids[start : start + ID_BATCH])
            .order_by("pk")
            .values_list("pk", "data_version")
        )
        versions.update(rows)
    return versions


def _limit_marks(ids: list[int]) -> dict[int, list[LimitMark]]:
    marks: dict[int, list[LimitMark]] = defaultdict(list)
    for start in range(0, len(ids), ID_BATCH):
        rows = (
            Annotation.objects.filter(LIMIT_MARKS, measure_id__in=ids[start : start + ID_BATCH])
            .order_by("period")
            .values_list("measure_id", "period", "starts_segment", "fixes_baseline")
        )
        for measure_id, period, starts_segment, fixes_baseline in rows:
            marks[measure_id].append((period, starts_segment, fixes_baseline))
    return marks


def _stored_points(ids: list[int]) -> Iterator[StoredPoint]:
    for start in range(0, len(ids), ID_BATCH):
        points = DataPoint.objects.filter(measure_id__in=ids[start : start + ID_BATCH])
        # Unordered: kaizen_spc sorts each series by period itself.
        yield from points.values_list(
            "measure_id", "period", "value", "numerator", "denominator"
        ).order_by()


def _points_frame(points: Iterable[StoredPoint], ratio: set[int]) -> pl.DataFrame:
    """The points as kaizen_spc's batch reads them: a ratio chart's numerator and denominator,
    any other chart's plotted value (validation.plotted, as columns)."""
    frame = pl.DataFrame(list(points), schema=_STORED_SCHEMA, orient="row")
    is_ratio = pl.col("series").is_in(list(ratio))
    fraction = pl.when(pl.col("denominator") != 0).then(pl.col("numerator") / pl.col("denominator"))
    return frame.select(
        "series",
        "period",
        pl.when(is_ratio)
        .then(pl.col("numerator"))
        .otherwise(pl.coalesce("value", fraction))
        .alias("value"),
        pl.when(is_ratio).then(pl.col("denominator")).alias("denominator"),
    )


_STORED_SCHEMA = {
    "series": pl.Int64,
    "period": pl.Date,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
}


def _charts(
    points: pl.DataFrame, measures: dict[int, Measure], options: SPCOptions
) -> list[tuple[Measure, SeriesResult, list[dict[str, Any]]]]:
    """The charts of measures that share ``options``, drawn in one kaizen_spc batch, with the
    chart advisor's advice on each (for the board summary)."""
    frame = points.filter(pl.col("series").is_in(list(measures)))
    ratio = next(iter(measures.values())).is_ratio
    found: dict[int, SeriesResult] = {}
    advice: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if len(frame):
        batch = spc_batch(frame, denominator="denominator" if ratio else None, options=options)
        # The series' name in the batch is not part of a single measure's chart.
        found = {
            int(result.summary.series): replace(result, summary=replace(result.summary, series=""))
            for result in batch.series_results()
        }
        for row in advise_batch(batch, multiply=options.multiply).iter_rows(named=True):
            advice[int(row["series"])].append(row)
    # A measure without data is not in the batch: its chart says "no data yet".
    return [
        (measure, found.get(pk) or spc([], [], options=options), advice[pk])
        for pk, measure in measures.items()
    ]


@contextmanager
def _stored_charts() -> Iterator[Callable[[Measure], None]]:
    """A function that stores a measure's data_version and charts, the charts as JSON text
    written by orjson (the standard library's encoder took a second for 8,000 charts) that the
    columns take as it is (jsonb on PostgreSQL, text on SQLite)."""
    table = connection.ops.quote_name(Measure._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite runs in this process: a statement per measure costs no round trip.
            rows: list[tuple[int, str, str, int]] = []
            yield lambda m: rows.append(_update_row(m))
            cursor.executemany(
                f"UPDATE {table} SET data_version = %s, spc_snapshot = %s, spc_headline = %s "
                "WHERE id = %s",
                rows,
            )
            return
        # PostgreSQL: an UPDATE per measure, even pipelined, cost 70 µs each in statement
        # overhead alone. Each chart is copied into a temporary table as soon as it is drawn,
        # so that the server parses its JSON while the next one is drawn, then one UPDATE
        # takes them all.
        cursor.execute(
            "CREATE TEMPORARY TABLE kaizen_new_charts "
            "(id bigint, data_version integer, snapshot jsonb, headline jsonb)"
        )
        with cursor.cursor.copy("COPY kaizen_new_charts FROM STDIN") as copy:
            yield lambda m: copy.write(_copy_line(m))
        cursor.execute(
            f"UPDATE {table} AS measure SET data_version = new.data_version, "
            "spc_snapshot = new.snapshot, spc_headline = new.headline "
            "FROM kaizen_new_charts AS new WHERE measure.id = new.id"
        )
        # Dropped now, not at commit: one transaction may refresh charts more than once.
        cursor.execute("DROP TABLE kaizen_new_charts")


def _charts_json(measure: Measure) -> tuple[bytes, bytes]:
    return orjson.dumps(measure.spc_snapshot), orjson.dumps(measure.spc_headline)


def _update_row(measure: Measure) -> tuple[int, str, str, int]:
    snapshot, headline = _charts_json(measure)
    return measure.data_version, snapshot.decode(), headline.decode(), measure.pk


def _copy_line(measure: Measure) -> bytes:
    """The measure's row in COPY's text format. orjson escapes every control character, so the
    JSON holds no tab or newline, and only its backslashes need doubling."""
    snapshot, headline = (chart.replace(b"\\", b"\\\\") for chart in _charts_json(measure))
    return b"%d\t%d\t%b\t%b\n" % (measure.pk, measure.data_version, snapshot, headline)

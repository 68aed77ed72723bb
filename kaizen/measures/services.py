"""Every change to a measure, its data or its annotations: audit-logged, then the chart refreshed.

Other apps (uploads, projects) write through these functions too, so the SPC snapshot the board
summary reads can never fall behind the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

import polars as pl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.changes import diff_fields
from kaizen.changes import snapshot as field_values
from kaizen.measures.models import (
    Annotation,
    DataPoint,
    Measure,
    headline_from_snapshot,
    snapshot_from_result,
)
from kaizen.measures.signals import measure_changed
from kaizen.privacy.forms import validate_free_text
from kaizen_spc import SPCInputError
from kaizen_spc.advisor import advise

# Changing any of these changes the chart, so the snapshot must be recomputed.
CHART_FIELDS = ("chart", "rules", "improvement", "target", "multiplier", "baseline_points")
DATAPOINT_FIELDS = ("value", "numerator", "denominator", "note")


def measure_refresh(*, measure: Measure) -> Measure:
    """Recompute the measure's SPC snapshot from its data, annotations and options, then send
    measure_changed so that what other apps derive from the data (verdicts) follows it.

    Call once after any change (a bulk import calls it once per measure it touched).
    """
    # No savepoint of its own: any error here undoes the caller's change too. (An upload
    # refreshes hundreds of measures; the savepoints cost PostgreSQL round trips.)
    with transaction.atomic(savepoint=False):
        # Locking the row first (SQLite: the write transaction locks the file) means two
        # refreshes cannot interleave and store an older result over a newer one.
        stored = Measure.objects.select_for_update().values_list("data_version", flat=True)
        measure.data_version = stored.get(pk=measure.pk) + 1
        result = measure.compute_spc()
        measure.spc_snapshot = snapshot_from_result(result, version=measure.data_version)
        advice = [one.__dict__ for one in advise(result, multiply=measure.multiplier)]
        measure.spc_headline = headline_from_snapshot(measure.spc_snapshot, result, advice)
        Measure.objects.filter(pk=measure.pk).update(
            data_version=measure.data_version,
            spc_snapshot=measure.spc_snapshot,
            spc_headline=measure.spc_headline,
        )
        measure_changed.send(sender=Measure, measure=measure)
    return measure


def refuse_computed(measure: Measure) -> None:
    """A computed measure is read-only: its indicator rewrites it from the platform's records,
    so a hand-made change would be silently lost (or worse, believed)."""
    if measure.computed:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"“{measure.name}” is computed by Kaizen from its own "
                "records, so its definition and data cannot be edited, uploaded to or deleted. "
                "It updates itself when the records it counts change."
            }
        )


def _refresh_or_refuse(measure: Measure, *, field: str) -> None:
    """Refresh the chart, or undo the change (the caller's transaction) with a message when
    kaizen_spc cannot chart the data as changed, e.g. a P chart over values without denominators."""
    try:
        measure_refresh(measure=measure)
    except SPCInputError as error:
        raise ValidationError({field: f"The chart cannot be drawn: {error.message}"}) from error


def measure_create(
    *, organisation: Organisation, by: User, data_entry: Iterable[User] = (), **values: Any
) -> Measure:
    # Every measure has an owner: the person creating it, unless a person or team is named.
    if values.get("owner") is None and values.get("unit") is None:
        values["owner"] = by
    measure = Measure(organisation=organisation, **values)
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        measure.data_entry.set(data_entry)
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.CREATE,
            target=measure,
            summary=f"Created the measure “{measure.name}”",
        )
        _refresh_or_refuse(measure, field="chart")
    return measure


def measure_update(
    *,
    measure: Measure,
    by: User,
    reason: str = "",
    data_entry: Iterable[User] | None = None,
    **values: Any,
) -> Measure:
    """Change a measure's definition; the audit record lists each changed field, and for a
    measure on the board's report the reason, which it must be given."""
    # Compare with the stored row: a ModelForm has already copied its values onto `measure`.
    refuse_computed(measure)
    stored = Measure.objects.get(pk=measure.pk)
    before = field_values(stored, values)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.full_clean()
    changes = diff_fields(before, measure, values)
    group_before = set(stored.data_entry.values_list("pk", flat=True))
    group_after = group_before if data_entry is None else {user.pk for user in data_entry}
    if group_after != group_before:
        changes["data_entry"] = [sorted(group_before), sorted(group_after)]
    if not changes:
        return measure
    summary = f"Changed {', '.join(changes)} of “{measure.name}”"
    if stored.on_board or measure.on_board:
        if not reason.strip():
            raise ValidationError(
                {"reason": "Say why: the board reads this measure, so its changes need a reason"}
            )
        validate_free_text(reason, organisation=measure.organisation)
        summary += f". Reason: {reason.strip()}"
    with transaction.atomic():
        measure.save()
        measure.data_entry.set(group_after)
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.UPDATE,
            target=measure,
            changes=changes,
            summary=summary,
        )
        if changes.keys() & set(CHART_FIELDS):
            _refresh_or_refuse(measure, field="chart")
    return measure


def datapoint_save(
    *,
    measure: Measure,
    period: dt.date,
    value: float | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    note: str = "",
    by: User,
) -> DataPoint:
    """Add the period's data point, or replace it if the period already has one.

    Raises ValidationError for a future period, a missing value, or a numerator above its
    denominator on a proportion, with messages fit to show to the person entering it.
    """
    refuse_computed(measure)
    with transaction.atomic():
        point = DataPoint.objects.filter(measure=measure, period=period).first()
        created = point is None
        if point is None:
            point = DataPoint(measure=measure, period=period, created_by=by)
        before = field_values(point, DATAPOINT_FIELDS)
        point.value, point.numerator, point.denominator, point.note = (
            value,
            numerator,
            denominator,
            note,
        )
        point.full_clean(validate_unique=False)
        changes = diff_fields(before, point, DATAPOINT_FIELDS)
        if not created and not changes:
            return point
        if created:
            points_limit_check(added={measure.pk: 1})
        point.save()
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            target=point,
            changes=changes,
            summary=f"{'Added' if created else 'Changed'} {point.period:%-d %B %Y} "
            f"on “{measure.name}”",
        )
        _refresh_or_refuse(measure, field=NON_FIELD_ERRORS)
    return point


def points_limit_check(*, added: Mapping[int, int]) -> None:
    """Refuse to add ``added[pk]`` points to each measure when it would then hold more than
    settings.MEASURE_MAX_POINTS (the one limit for entry, uploads and imports)."""
    limit: int = settings.MEASURE_MAX_POINTS
    wanted = {pk: count for pk, count in added.items() if count}
    stored = dict(
        DataPoint.objects.filter(measure_id__in=wanted)
        .values("measure_id")
        .annotate(count=Count("id"))
        .values_list("measure_id", "count")
    )
    over = {pk: stored.get(pk, 0) + count for pk, count in wanted.items()}
    over = {pk: total for pk, total in over.items() if total > limit}
    if over:
        names = dict(Measure.objects.filter(pk__in=over).values_list("pk", "name"))
        pk, total = next(iter(sorted(over.items())))
        message = (
            f"A measure can hold at most {limit:,} values, and “{names[pk]}” would hold "
            f"{total:,}. Delete old values first, or keep the history in a measure of its own."
        )
        raise ValidationError({NON_FIELD_ERRORS: message})


def datapoint_delete(*, point: DataPoint, by: User) -> None:
    measure = point.measure
    refuse_computed(measure)
    with transaction.atomic():
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.DELETE,
            target=point,
            changes={
                name: [value, None] for name, value in field_values(point, DATAPOINT_FIELDS).items()
            },
            summary=f"Deleted {point.period:%-d %B %Y} from “{measure.name}”",
        )
        point.delete()
        measure_refresh(measure=measure)


def annotation_add(
    *,
    measure: Measure,
    period: dt.date,
    text: str,
    starts_segment: bool = False,
    fixes_baseline: bool = False,
    outcome: str = "",
    url: str = "",
    by: User | None,
) -> Annotation:
    annotation = Annotation(
        measure=measure,
        period=period,
        text=text,
        starts_segment=starts_segment,
        fixes_baseline=fixes_baseline,
        outcome=outcome,
        url=url,
        created_by=by,
    )
    annotation.full_clean()
    with transaction.atomic():
        annotation.save()
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.CREATE,
            target=annotation,
            summary=f"Annotated “{measure.name}” at {period:%-d %B %Y}"
            + (" and recalculated the limits from there" if starts_segment else "")
            + (" and fixed the limits on the points up to there" if fixes_baseline else ""),
        )
        if annotation.changes_limits:
            _refresh_or_refuse(measure, field="period")
    return annotation


def annotation_delete(*, annotation: Annotation, by: User) -> None:
    measure = annotation.measure
    with transaction.atomic():
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.DELETE,
            target=annotation,
            summary=f"Removed the annotation “{annotation.text}” from “{measure.name}”",
        )
        annotation.delete()
        if annotation.changes_limits:
            measure_refresh(measure=measure)


def annotation_set_outcome(*, annotation: Annotation, outcome: str, url: str) -> None:
    """Keep a change's mark saying what the change has shown. Neither audited nor a reason to
    refresh the chart: the outcome is derived from the data, whose changes are audited."""
    if (annotation.outcome, annotation.url) != (outcome, url):
        annotation.outcome, annotation.url = outcome, url
        annotation.save(update_fields=["outcome", "url"])


# ---------------------------------------------------------------------------------------------
# Many data points at once (uploads)

ARRAY_BATCH_ROWS = 20_000
UPSERT_FIELDS = ("measure", "period", *DATAPOINT_FIELDS, "created_by", "created_at", "updated_at")


class PointRow(Protocol):
    """One checked row of an upload, as datapoints_upsert stores it."""

    @property
    def measure_id(self) -> int: ...
    @property
    def period(self) -> dt.date: ...
    @property
    def value(self) -> float | None: ...
    @property
    def numerator(self) -> float | None: ...
    @property
    def denominator(self) -> float | None: ...
    @property
    def note(self) -> str: ...


def datapoints_upsert(*, rows: Sequence[PointRow], by: User | None) -> None:
    """Store many checked data points at once, each replacing its period's point if there is
    one: INSERT ... ON CONFLICT (measure, period) DO UPDATE.

    For uploads, which check every row with validate_point first and then record one audit
    event and refresh each measure's chart once. It is what bulk_create(update_conflicts=True)
    sends, without building a model instance and preparing each field of each row first, which
    made 100,000 rows five times slower.
    """
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    by_id = by.pk if by else None
    column_of = {f.name: ops.quote_name(f.column or "") for f in DataPoint._meta.concrete_fields}
    updated = [column_of[name] for name in (*DATAPOINT_FIELDS, "updated_at")]
    into = (
        f"INSERT INTO {ops.quote_name(DataPoint._meta.db_table)} "
        f"({', '.join(column_of[name] for name in UPSERT_FIELDS)})"
    )
    conflict = (
        f"ON CONFLICT ({column_of['measure']}, {column_of['period']}) "
        f"DO UPDATE SET {', '.join(f'{column} = excluded.{column}' for column in updated)}"
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite runs one prepared statement over every row, with no round trips.
            placeholders = ", ".join(["%s"] * len(UPSERT_FIELDS))
            cursor.executemany(
                f"{into} VALUES ({placeholders}) {conflict}",
                [
                    (*_stored(row, ops.adapt_datefield_value(row.period)), by_id, now, now)
                    for row in rows
                ],
            )
            return
        # PostgreSQL pays a round trip per statement (8 s for 100,000 rows one by one), and
        # psycopg parses a long statement's placeholders afresh each time: a batch goes as one
        # array per column, nine parameters whatever its size.
        sql = (
            f"{into} SELECT *, %s::bigint, %s::timestamptz, %s::timestamptz FROM unnest("
            "%s::bigint[], %s::date[], %s::float8[], %s::float8[], %s::float8[], %s::text[]"
            f") {conflict}"
        )
        # One statement may not change a row twice: the last row of a period wins, as it
        # would row by row.
        latest = list({(row.measure_id, row.period): row for row in rows}.values())
        for start in range(0, len(latest), ARRAY_BATCH_ROWS):
            batch = latest[start : start + ARRAY_BATCH_ROWS]
            columns = zip(*(_stored(row, row.period) for row in batch), strict=True)
            literals = (
                _array_literal(column, element)
                for column, element in zip(columns, ARRAY_ELEMENTS, strict=True)
            )
            cursor.execute(sql, [by_id, now, now, *literals])


def datapoints_insert_new(*, rows: Sequence[PointRow], by: User | None) -> None:
    """Store the points of measures created in the caller's transaction (a bulk import's or an
    indicator's new measures): no other transaction can see those measures, so no point of
    theirs can be stored already, and there is no conflict to resolve.
    PostgreSQL takes them by COPY, a stream with no statement to plan or conflict to check per
    row; SQLite, as an upsert."""
    if connection.vendor != "postgresql":
        datapoints_upsert(rows=rows, by=by)
        return
    ops = connection.ops
    column_of = {f.name: ops.quote_name(f.column or "") for f in DataPoint._meta.concrete_fields}
    columns = ", ".join(column_of[name] for name in UPSERT_FIELDS)
    now = timezone.now().isoformat()
    # Written as CSV by polars, which formats a quarter of a million rows' numbers (shortest
    # round-trip form) and dates in a tenth of the time psycopg's write_row takes row by row.
    # In CSV an empty field is NULL and a quoted empty one an empty note.
    frame = pl.DataFrame(
        [_stored(row, row.period) for row in rows], schema=COPY_SCHEMA, orient="row"
    ).with_columns(
        pl.lit(by.pk if by else None, dtype=pl.Int64).alias("created_by"),
        pl.lit(now).alias("created_at"),
        pl.lit(now).alias("updated_at"),
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        copy_sql = (
            f"COPY {ops.quote_name(DataPoint._meta.db_table)} ({columns}) FROM STDIN (FORMAT csv)"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            copy.write(frame.write_csv(include_header=False).encode())


# The columns of _stored as datapoints_insert_new hands them to polars.
COPY_SCHEMA = {
    "measure": pl.Int64,
    "period": pl.Date,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "note": pl.String,
}


def _number_element(value: float) -> str:
    # repr is the shortest text that reads back as the same float8.
    return repr(float(value))


def _text_element(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# How each column of _stored writes one element of a PostgreSQL array literal.
ARRAY_ELEMENTS: tuple[Callable[[Any], str], ...] = (
    str,
    dt.date.isoformat,
    _number_element,
    _number_element,
    _number_element,
    _text_element,
)


def _array_literal(column: Iterable[Any], element: Callable[[Any], str]) -> str:
    """The column as the text of a PostgreSQL array ('{1.5,NULL,...}'). psycopg adapts a list
    element by element in Python, which took a second of a 100,000-row upload; one string
    costs a join."""
    return "{" + ",".join("NULL" if value is None else element(value) for value in column) + "}"


def _stored(row: PointRow, period: object) -> tuple[Any, ...]:
    """The row's values in UPSERT_FIELDS' order, up to the note."""
    return (row.measure_id, period, row.value, row.numerator, row.denominator, row.note)

"""Uploads of data points: check and preview a file, then import it all or nothing.

The same two calls serve the web page, the benchmark and any script, so what is measured is
what people use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.imports.checks import Checked, MeasureRef, Row, check_table
from kaizen.imports.identifiers import identifier_problems
from kaizen.imports.models import PendingImport
from kaizen.imports.nhse import ATTRIBUTION, Series
from kaizen.imports.tables import read_table
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh

ARRAY_BATCH_ROWS = 20_000
STORED_FIELDS = ("value", "numerator", "denominator", "note")
UPSERT_FIELDS = ("measure", "period", *STORED_FIELDS, "created_by", "created_at", "updated_at")


@dataclass
class MeasureChanges:
    name: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged


@dataclass
class Changes:
    """What importing some rows would do, measure by measure."""

    by_measure: dict[int, MeasureChanges] = field(default_factory=dict)
    to_write: list[Row] = field(default_factory=list)  # the new and changed rows

    @property
    def new(self) -> int:
        return sum(counts.new for counts in self.by_measure.values())

    @property
    def changed(self) -> int:
        return sum(counts.changed for counts in self.by_measure.values())

    @property
    def unchanged(self) -> int:
        return sum(counts.unchanged for counts in self.by_measure.values())


@dataclass
class Preview:
    """The outcome of checking a file. ``refusals`` (patient-identifiable data) and
    ``checked.problems`` each stop the import; ``pending`` is set only when there is something
    to import and nothing stops it."""

    refusals: list[str] = field(default_factory=list)
    checked: Checked = field(default_factory=Checked)
    changes: Changes = field(default_factory=Changes)
    pending: PendingImport | None = None


def measure_refs(organisation: Organisation) -> list[MeasureRef]:
    """The organisation's measures, and only those: another's are "unknown" to an upload."""
    rows = Measure.objects.for_organisation(organisation).values_list(
        "id", "name", "chart", "frequency"
    )
    return [MeasureRef(*row) for row in rows]


def upload_preview(
    *,
    organisation: Organisation,
    owner: User,
    data: bytes,
    filename: str,
    only: Measure | None = None,
    today: dt.date | None = None,
) -> Preview:
    """Read and check an uploaded file and work out what importing it would change.

    Raises UnreadableFile for a file that is not a table. A file with patient-identifiable
    data is refused before its rows are even checked, and nothing of it is kept.
    """
    PendingImport.objects.expired().delete()
    table = read_table(data, filename)
    refusals = identifier_problems(
        table, hospital_number_pattern=organisation.hospital_number_pattern
    )
    if refusals:
        return Preview(refusals=refusals)
    measures = measure_refs(organisation)
    single = next((ref for ref in measures if only and ref.id == only.pk), None)
    checked = check_table(table, measures, today=today or timezone.localdate(), only=single)
    if checked.problems:
        return Preview(checked=checked)
    changes = changes_for(checked.rows, organisation=organisation)
    pending = None
    if changes.to_write:
        pending = PendingImport.objects.create(
            organisation=organisation,
            owner=owner,
            measure=only,
            filename=filename[:255],
            rows=PendingImport.encode(checked.rows),
        )
    return Preview(checked=checked, changes=changes, pending=pending)


def changes_for(rows: list[Row], *, organisation: Organisation) -> Changes:
    """Sort rows into new, changed and unchanged against what is stored now. A blank note
    leaves a stored note alone, so re-uploading a file never wipes notes typed on the chart."""
    names = dict(
        Measure.objects.for_organisation(organisation)
        .filter(id__in={row.measure_id for row in rows})
        .values_list("id", "name")
    )
    stored = {
        (measure_id, period): rest
        for measure_id, period, *rest in DataPoint.objects.filter(measure_id__in=names).values_list(
            "measure_id", "period", *STORED_FIELDS
        )
    }
    changes = Changes(by_measure={pk: MeasureChanges(name) for pk, name in names.items()})
    for row in rows:
        counts = changes.by_measure.get(row.measure_id)
        if counts is None:  # the measure was deleted since the preview
            continue
        old = stored.get((row.measure_id, row.period))
        note = row.note or (old[3] if old else "")
        if old == [*row.numbers, note]:
            counts.unchanged += 1
            continue
        if old is None:
            counts.new += 1
        else:
            counts.changed += 1
        changes.to_write.append(row if note == row.note else replace(row, note=note))
    changes.by_measure = {
        pk: c for pk, c in changes.by_measure.items() if c.new + c.changed + c.unchanged
    }
    return changes


def upload_import(*, pending: PendingImport, by: User) -> Changes:
    """Import a previewed upload, then forget it."""
    with transaction.atomic():
        changes = import_rows(
            pending.decoded_rows(),
            organisation=pending.organisation,
            by=by,
            source=pending.filename,
        )
        pending.delete()
    return changes


def import_rows(
    rows: list[Row], *, organisation: Organisation, by: User | None, source: str
) -> Changes:
    """Store checked rows in one transaction: all of them or, on any error, none.

    The rows are compared again with what is stored, so a change made since a preview is
    neither lost nor double counted, and rows that change nothing leave no trace: no write,
    no chart refresh, no audit record. Uploads, the demo and the NHS England importer all
    write through here.
    """
    with transaction.atomic():
        changes = changes_for(rows, organisation=organisation)
        if changes.to_write:
            _write(changes, organisation=organisation, by=by, source=source)
    return changes


def _write(changes: Changes, *, organisation: Organisation, by: User | None, source: str) -> None:
    _upsert(changes.to_write, by=by)
    touched = {row.measure_id for row in changes.to_write}
    measures = list(Measure.objects.filter(id__in=touched))
    for measure in measures:
        measure_refresh(measure=measure)
    record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.IMPORT,
        target=measures[0] if len(measures) == 1 else organisation,
        changes={"new": changes.new, "changed": changes.changed, "measures": len(measures)},
        summary=f"Imported {source}: {changes.new} new and {changes.changed} changed "
        f"data points in {_plural(len(measures), 'measure')}",
    )


def _upsert(rows: list[Row], *, by: User | None) -> None:
    """INSERT ... ON CONFLICT (measure, period) DO UPDATE. It is what
    bulk_create(update_conflicts=True) sends, without building a model instance and preparing
    each field of each row first, which made 100,000 rows five times slower. The rows were
    checked as DataPoint.clean would check them."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    by_id = by.pk if by else None
    column_of = {f.name: ops.quote_name(f.column or "") for f in DataPoint._meta.concrete_fields}
    updated = [column_of[name] for name in (*STORED_FIELDS, "updated_at")]
    into = (
        f"INSERT INTO {ops.quote_name(DataPoint._meta.db_table)} "
        f"({', '.join(column_of[name] for name in UPSERT_FIELDS)})"
    )
    conflict = (
        f"ON CONFLICT ({column_of['measure']}, {column_of['period']}) "
        f"DO UPDATE SET {', '.join(f'{column} = excluded.{column}' for column in updated)}"
    )
    with connection.cursor() as cursor:
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


def _stored(row: Row, period: object) -> tuple[Any, ...]:
    """The row's values in UPSERT_FIELDS' order, up to the note."""
    return (row.measure_id, period, *row.numbers, row.note)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def nhse_import(
    *, organisation: Organisation, series: list[Series], source: str
) -> tuple[int, Changes]:
    """Store NHS England series as measures of ``organisation``, one measure per series, found
    again by name on later runs. Returns the number of measures created and the changes."""
    existing = {m.name: m for m in Measure.objects.for_organisation(organisation)}
    created = 0
    rows = []
    with transaction.atomic():
        for one in series:
            measure = existing.get(one.name)
            if measure is None:
                measure = existing[one.name] = _nhse_measure(organisation, one)
                created += 1
            ratio = one.is_proportion
            rows += [
                Row(
                    0,
                    measure.pk,
                    o.period,
                    None if ratio else o.value,
                    o.numerator if ratio else None,
                    o.denominator if ratio else None,
                    "",
                )
                for o in one.observations
            ]
        changes = import_rows(rows, organisation=organisation, by=None, source=source)
    return created, changes


def _nhse_measure(organisation: Organisation, series: Series) -> Measure:
    return Measure.objects.create(
        organisation=organisation,
        name=series.name,
        description=f"NHS England A&E statistics: “{series.code}” for {series.org_name} "
        f"(organisation code {series.org_code}).",
        chart=series.chart,
        frequency=Measure.Frequency.MONTHLY,
        improvement=series.improvement,
        multiplier=100.0 if series.is_proportion else 1.0,
        unit_label="%" if series.is_proportion else "",
        data_source=ATTRIBUTION,
    )

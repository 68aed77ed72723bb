"""Uploads of data points: check and preview a file, then import it all or nothing.

The same two calls serve the web page, the benchmark and any script, so what is measured is
what people use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.imports.checks import Checked, Kind, MeasureRef, Problem, Row, check_table
from kaizen.imports.identifiers import identifier_problems
from kaizen.imports.models import PendingImport
from kaizen.imports.nhse import ATTRIBUTION, Series
from kaizen.imports.progress import Progress, no_progress
from kaizen.imports.tables import read_table
from kaizen.measures.batch_refresh import measures_refresh
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import (
    datapoints_insert_new,
    datapoints_upsert,
    points_limit_check,
)

STORED_FIELDS = ("value", "numerator", "denominator", "note")


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
    """The organisation's measures, and only those: another's are "unknown" to an upload, and
    so are the ones Kaizen computes itself (they are read-only)."""
    rows = (
        Measure.objects.for_organisation(organisation)
        .filter(computed="")
        .values_list("id", "name", "chart", "frequency", "week_starts")
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
    try:
        _check_limit(changes)
    except ValidationError as error:
        checked.problems.append(Problem(1, Kind.TOO_MANY_POINTS, error.messages[0]))
        return Preview(checked=checked, changes=changes)
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


def _check_limit(changes: Changes) -> None:
    points_limit_check(added={pk: counts.new for pk, counts in changes.by_measure.items()})


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
    rows: list[Row],
    *,
    organisation: Organisation,
    by: User | None,
    source: str,
) -> Changes:
    """Store checked rows in one transaction: all of them or, on any error, none.

    The rows are compared again with what is stored, so a change made since a preview is
    neither lost nor double counted, and rows that change nothing leave no trace: no write,
    no chart refresh, no audit record. Uploads, the API, bulk imports, the demo and the NHS
    England importer all write through here, and every measure touched is charted in a batch.
    """
    return import_row_batches([rows], organisation=organisation, by=by, source=source)


def import_row_batches(
    batches: Iterable[list[Row]],
    *,
    organisation: Organisation,
    by: User | None,
    source: str,
    progress: Progress = no_progress,
    total: int = 0,
    created: Collection[int] = (),
) -> Changes:
    """import_rows for a file too large to hold as rows at once: each batch (whole measures'
    rows) is compared, stored and charted in turn, a step of ``progress`` (rows done of
    ``total``), all in one transaction, with one audit record for the whole import.
    ``created`` names the measures the caller created in this transaction (their points are
    all new: see datapoints_insert_new)."""
    changes = Changes()
    touched: set[int] = set()
    done = 0
    with transaction.atomic():
        for rows in batches:
            batch = changes_for(rows, organisation=organisation)
            _check_limit(batch)
            if batch.to_write:
                _write(batch.to_write, by=by, created=created)
            changes.by_measure |= batch.by_measure
            touched |= {row.measure_id for row in batch.to_write}
            done += len(rows)
            progress("importing", done, total or done)
        if touched:
            _record(changes, touched, organisation=organisation, by=by, source=source)
    return changes


def _write(rows: list[Row], *, by: User | None, created: Collection[int] = ()) -> None:
    new = [row for row in rows if row.measure_id in created]
    if new:
        datapoints_insert_new(rows=new, by=by)
    if len(new) < len(rows):
        datapoints_upsert(rows=[row for row in rows if row.measure_id not in created], by=by)
    # Not the charts about to be replaced: 500 old snapshots cost a fifth of a second to read.
    measures = list(
        Measure.objects.filter(id__in={row.measure_id for row in rows})
        .defer("spc_snapshot", "spc_headline")
        .order_by("pk")
    )
    measures_refresh(measures=measures)


def _record(
    changes: Changes, touched: set[int], *, organisation: Organisation, by: User | None, source: str
) -> None:
    measures = len(touched)
    record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.IMPORT,
        target=Measure.objects.get(pk=next(iter(touched))) if measures == 1 else organisation,
        changes={"new": changes.new, "changed": changes.changed, "measures": measures},
        summary=f"Imported {source}: {changes.new} new and {changes.changed} changed "
        f"data points in {_plural(measures, 'measure')}",
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def nhse_import(
    *, organisation: Organisation, series: list[Series], source: str
) -> tuple[int, Changes]:
    """Store NHS England series as measures of ``organisation``, one measure per series, found
    again by its code (organisation code and published measure) on later runs: two series that
    share a display name stay two measures. Returns the number of measures created and the
    changes."""
    measures = Measure.objects.for_organisation(organisation)
    existing = {m.code: m for m in measures.exclude(code="")}
    # Measures imported before they had codes, found by a name only one of them has.
    uncoded = {m.name: m for m in measures.filter(code="")}
    names = set(measures.values_list("name", flat=True))
    created = 0
    rows = []
    with transaction.atomic():
        for one in series:
            measure = existing.get(one.measure_code) or _adopt(uncoded.pop(one.name, None), one)
            if measure is None:
                measure = _nhse_measure(organisation, one, names)
                created += 1
            existing[one.measure_code] = measure
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


def _adopt(measure: Measure | None, series: Series) -> Measure | None:
    if measure is not None:
        measure.code = series.measure_code
        measure.save(update_fields=["code"])
    return measure


def _nhse_measure(organisation: Organisation, series: Series, names: set[str]) -> Measure:
    # Told apart by the organisation code when another series has the same display name.
    name = series.name if series.name not in names else f"{series.name} ({series.org_code})"
    names.add(name)
    return Measure.objects.create(
        organisation=organisation,
        name=name[:200],
        code=series.measure_code,
        description=f"NHS England A&E statistics: “{series.code}” for {series.org_name} "
        f"(organisation code {series.org_code}).",
        chart=series.chart,
        frequency=Measure.Frequency.MONTHLY,
        improvement=series.improvement,
        multiplier=100.0 if series.is_proportion else 1.0,
        unit_label="%" if series.is_proportion else "",
        data_source=ATTRIBUTION,
    )

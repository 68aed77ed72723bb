"""Bulk import of a long table that creates measures: preview, then import all or nothing.

One series of the file is one measure, found again by its code (the file's key columns), never by
a display name. A file naming several organisations is refused for one organisation, or split
among the organisations it names by their ODS codes for an installation admin.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.imports.checks import Kind, Problem, Row
from kaizen.imports.longtable import ColumnMapping, LongSeries, LongTable, attribution
from kaizen.imports.longtable import read_long_table as read
from kaizen.imports.models import ImportSource, OrganisationCode
from kaizen.imports.progress import Progress, no_progress
from kaizen.imports.services import Changes, import_row_batches
from kaizen.measures.models import Measure
from kaizen_spc.types import RATIO_CHARTS

CHART_CHOICES = dict(Measure.CHART_CHOICES)
FREQUENCIES = dict(Measure.Frequency.choices)
DIRECTIONS = dict(Measure.Improvement.choices)


class BulkRefused(ValueError):
    """The file cannot go in as asked; the message says why and what to do."""


@dataclass(frozen=True)
class NewMeasures:
    """What the preview proposes for every measure it creates, changed in bulk by the person:
    an empty field keeps each series' own proposal."""

    chart: str = ""
    improvement: str = ""


@dataclass
class Planned:
    series: LongSeries
    organisation: Organisation  # not saved yet when the import is to create it
    measure: Measure | None  # None: the import creates it


@dataclass
class BulkPreview:
    table: LongTable
    planned: dict[str, list[Planned]] = field(default_factory=dict)  # by organisation code

    @property
    def problems(self) -> list[Problem]:
        return self.table.problems

    def to_create(self) -> list[Planned]:
        return [one for group in self.planned.values() for one in group if one.measure is None]

    def to_add_to(self) -> list[Planned]:
        return [one for group in self.planned.values() for one in group if one.measure]


def bulk_preview(
    *,
    organisation: Organisation | None,
    path: Path,
    mapping: ColumnMapping,
    only_orgs: Iterable[str] = (),
    create_organisations: bool = False,
) -> BulkPreview:
    """Read and check a long table against one organisation, or (``organisation`` None: an
    installation admin's national import) against the organisations its ODS codes name.
    Raises LongTableError for an unreadable file and BulkRefused for a file that cannot go in."""
    table = read(path, mapping, only_orgs=only_orgs, today=timezone.localdate())
    preview = BulkPreview(table=table)
    if table.problems:
        return preview
    if not table.series:
        raise BulkRefused("The file has no rows to import.")
    codes = table.org_codes
    if organisation is not None:
        if len(codes) > 1:
            raise BulkRefused(
                f"The file holds data for {len(codes)} organisations ({_few(codes)}). Import "
                "only this organisation's code, or ask an installation admin to split it."
            )
        targets = {code: organisation for code in codes or [""]}
    else:
        targets = _organisations(codes, table, create=create_organisations)
    for code, target in targets.items():
        series = [one for one in table.series if one.org_code == code or not code]
        preview.planned[code] = _plan(target, series, table.problems)
    return preview


def _few(codes: list[str]) -> str:
    return ", ".join(codes[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")


def _organisations(codes: list[str], table: LongTable, *, create: bool) -> dict[str, Organisation]:
    if not codes:
        raise BulkRefused("Choose the column that holds each row's organisation (ODS) code.")
    known = {
        row.code: row.organisation
        for row in OrganisationCode.objects.filter(code__in=codes).select_related("organisation")
    }
    missing = [code for code in codes if code not in known]
    if missing and not create:
        raise BulkRefused(
            f"No organisation has the ODS code {_few(missing)}: ask for them to be created."
        )
    names = {one.org_code: one.org_name for one in table.series}
    # Not saved yet: a preview must leave nothing behind.
    for code in missing:
        known[code] = Organisation(name=(names.get(code) or code)[:200], slug="")
    return known


def _plan(
    organisation: Organisation, series: list[LongSeries], problems: list[Problem]
) -> list[Planned]:
    existing = {}
    if organisation.pk:
        existing = {
            m.code: m
            # Not the charts: a national file's next month adds to hundreds of thousands.
            for m in Measure.objects.for_organisation(organisation)
            .filter(code__in=[one.code for one in series])
            .defer("spc_snapshot", "spc_headline")
        }
    planned = []
    for one in series:
        measure = existing.get(one.code)
        # Next month's file holds one period: too few to tell its frequency, so the measure's
        # own is taken.
        if measure and measure.frequency != one.frequency and one.count > 2:
            problems.append(
                Problem(
                    one.rows[0],
                    Kind.OTHER_MEASURE,
                    f"{one.code} is {one.frequency} in the file but the measure “{measure.name}” "
                    f"is {measure.frequency}",
                )
            )
        planned.append(Planned(one, organisation, measure))
    return planned


@dataclass
class BulkResult:
    created: int = 0
    organisations_created: int = 0
    changes: list[Changes] = field(default_factory=list)
    # The first LINKED measures imported into each organisation (by its pk): (pk, name).
    measures: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def new(self) -> int:
        return sum(one.new for one in self.changes)

    @property
    def changed(self) -> int:
        return sum(one.changed for one in self.changes)

    @property
    def unchanged(self) -> int:
        return sum(one.unchanged for one in self.changes)


def bulk_import(
    *,
    preview: BulkPreview,
    by: User | None,
    mapping: ColumnMapping,
    source: str,
    new: NewMeasures,
    progress: Progress = no_progress,
) -> BulkResult:
    """Create the previewed measures (and organisations) and store every row: all or nothing."""
    if preview.problems:
        raise BulkRefused("The file has problems: fix them and upload it again.")
    result = BulkResult()
    with transaction.atomic():
        for code, planned in preview.planned.items():
            organisation = _saved(code, planned[0].organisation, by, result)
            created: set[int] = set()
            linked = result.measures.setdefault(organisation.pk, [])
            result.changes.append(
                import_row_batches(
                    _batches(organisation, planned, mapping, new, created, linked),
                    organisation=organisation,
                    by=by,
                    source=source,
                    progress=progress,
                    total=sum(one.series.count for one in planned),
                    created=created,
                )
            )
            result.created += len(created)
    return result


# Rows compared, stored and charted at a time (whole series): a step of the progress bar, and
# as many rows as are held as Python objects at once.
BATCH_ROWS = 50_000
LINKED = 200


def _batches(
    organisation: Organisation,
    planned: list[Planned],
    mapping: ColumnMapping,
    new: NewMeasures,
    created: set[int],
    linked: list[tuple[int, str]],
) -> Iterator[list[Row]]:
    """The rows of a chunk of series at a time, the chunk's new measures created just before
    (their ids added to ``created``): a national file creates hundreds of thousands of measures,
    and each is held only while its chunk is."""
    names = set(Measure.objects.for_organisation(organisation).values_list("name", flat=True))
    for chunk in _chunks(planned):
        made = _create(organisation, chunk, mapping, new, names)
        created.update(measure.pk for measure in made)
        rows = [row for one in chunk for row in _rows(one)]
        linked += [(m.pk, m.name) for one in chunk if (m := one.measure)][: LINKED - len(linked)]
        for one in chunk:
            if one.measure is not None and one.measure.pk in created:
                one.measure = None  # stored; the preview need not hold it
        yield rows


def _chunks(planned: list[Planned]) -> Iterator[list[Planned]]:
    chunk: list[Planned] = []
    rows = 0
    for one in planned:
        chunk.append(one)
        rows += one.series.count
        if rows >= BATCH_ROWS:
            yield chunk
            chunk, rows = [], 0
    if chunk:
        yield chunk


def _saved(
    code: str, preview_org: Organisation, by: User | None, result: BulkResult
) -> Organisation:
    """The planned series' organisation, created now if the preview proposed it."""
    if preview_org.pk:
        return preview_org
    base = slugify(f"{preview_org.name} {code}")[:50] or slugify(code) or "organisation"
    slug, suffix = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        suffix += 1
        slug = f"{base}-{suffix}"
    preview_org.slug = slug
    preview_org.save()
    OrganisationCode.objects.create(organisation=preview_org, code=code)
    record(
        actor=by,
        organisation=preview_org,
        action=AuditEvent.Action.CREATE,
        target=preview_org,
        summary=f"Created the organisation “{preview_org.name}” (ODS code {code}) for an import",
    )
    result.organisations_created += 1
    return preview_org


def _create(
    organisation: Organisation,
    planned: list[Planned],
    mapping: ColumnMapping,
    new: NewMeasures,
    names: set[str],
) -> list[Measure]:
    credit = attribution(mapping.publisher)
    measures = []
    for one in planned:
        if one.measure is not None:
            continue
        series = one.series
        # A chart chosen for all is taken where it fits the series' figures: a P chart over
        # values without denominators would plot nothing.
        fits = (new.chart in RATIO_CHARTS) == (series.chart in RATIO_CHARTS)
        chart = new.chart if new.chart and fits else series.chart
        name = _unique_name(series, names)
        one.measure = Measure(
            organisation=organisation,
            name=name,
            code=series.code,
            chart=chart,
            frequency=series.frequency,
            week_starts=series.week_starts,
            improvement=new.improvement or Measure.Improvement.NEUTRAL,
            multiplier=100.0 if chart in ("p", "pp") else 1.0,
            unit_label="%" if chart in ("p", "pp") else "",
            description=f"Imported series “{series.code}”" + (f" ({credit})." if credit else "."),
            data_source=credit,
        )
        measures.append(one.measure)
    Measure.objects.bulk_create(measures, batch_size=1000)
    return measures


def _unique_name(series: LongSeries, taken: set[str]) -> str:
    """The series' name, told apart by its code when another measure already has it."""
    name = series.name
    if name in taken:
        name = f"{series.name} ({series.code})"[:200]
    taken.add(name)
    return name


def _rows(planned: Planned) -> list[Row]:
    measure = planned.measure
    assert measure is not None and measure.pk
    series = planned.series
    ratio = measure.is_ratio
    start = measure.period_start
    return [
        Row(
            number,
            measure.pk,
            start(period),
            None if ratio else value,
            numerator if ratio else None,
            denominator if ratio else None,
            "",
        )
        for number, period, value, numerator, denominator in series.figures()
    ]


def source_save(*, organisation: Organisation, name: str, mapping: ColumnMapping) -> ImportSource:
    source, _ = ImportSource.objects.update_or_create(
        organisation=organisation, name=name[:200], defaults={"mapping": mapping.as_json()}
    )
    return source

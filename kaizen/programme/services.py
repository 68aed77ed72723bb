"""Refreshing the programme-health indicators: each indicator's figures, for the organisation
and each unit with any, stored as measures marked ``computed`` so that every chart, icon, board
summary and PDF shows them unchanged.

A refresh writes only what differs from what is stored, so running it twice changes nothing,
and its result equals recomputing from scratch (a property test checks both).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from kaizen import registry
from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.batch_refresh import StoredPoint, cyclic_gc_paused, measures_refresh
from kaizen.measures.computed import Indicator, Point, one_reading
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import datapoints_insert_new, datapoints_upsert
from kaizen.programme.models import MEASURES_PER_PRIORITY, PriorityMeasure
from kaizen.projects.models import Project
from kaizen.strategy.models import StrategicPriority

# How far back the charts go: enough for SPC baselines and two years' story.
MONTHS_SHOWN = 36
# Measures per query when reading their points (below every database's parameter limit).
ID_BATCH = 2000


def indicator_months(today: dt.date, count: int = MONTHS_SHOWN) -> list[dt.date]:
    """The first days of the ``count`` months ending with ``today``'s, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def all_indicators() -> dict[str, Indicator]:
    return {indicator.key: indicator for indicator in registry.indicators()}


def indicators_refresh(*, organisation: Organisation, today: dt.date | None = None) -> int:
    """Recompute every indicator of ``organisation``; returns how many measures changed.

    Each source table is read once (``one_reading``), series equal to what is stored are
    skipped, and the rest written in a few batches: new measures are created, filled and
    charted together; a changed series is rewritten whole and its chart refreshed."""
    with cyclic_gc_paused():
        return _refresh(organisation, indicator_months(today or timezone.localdate()))


def _refresh(organisation: Organisation, months: list[dt.date]) -> int:
    # A unit's charts exist while it owns any project; from records alone, so that a refresh
    # equals a recompute from scratch (a unit whose projects all moved loses its charts).
    units = set(
        Project.objects.filter(organisation=organisation, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    computed = Measure.objects.filter(organisation=organisation).exclude(computed="")
    computed.exclude(unit=None).exclude(unit__in=units).delete()
    # Ids only: a measure's stored chart (large JSON) is read only if its series changed.
    measures: dict[tuple[str, int | None], int] = {
        (key, unit_id): pk for pk, key, unit_id in computed.values_list("pk", "computed", "unit")
    }
    stored = _stored_points(list(measures.values()))
    new: list[tuple[Indicator, int | None, Mapping[dt.date, Point]]] = []
    changed: dict[int, Mapping[dt.date, Point]] = {}
    with one_reading():
        for indicator in all_indicators().values():
            for unit_id, points in indicator.compute(organisation, months, units).items():
                measure_id = measures.get((indicator.key, unit_id))
                if measure_id is None:
                    if points:
                        new.append((indicator, unit_id, points))
                elif stored.get(measure_id, {}) != dict(points):
                    changed[measure_id] = points
    with transaction.atomic():
        _create_all(organisation, new)
        _rewrite(changed, stored)
    return len(new) + len(changed)


def _stored_points(
    measure_ids: list[int],
) -> dict[int, dict[dt.date, tuple[float | None, float | None, float | None]]]:
    """The stored points of the measures, by measure and period, as (value, numerator,
    denominator): a Point is such a tuple, so they compare equal to the computed ones. Read with
    the database cursor: Django's per-row converters, or even building a Point per row, cost
    more than the query for the 300,000 points of a large trust's indicators."""
    stored: dict[int, dict[dt.date, tuple[float | None, float | None, float | None]]]
    stored = defaultdict(dict)
    table = connection.ops.quote_name(DataPoint._meta.db_table)
    for start in range(0, len(measure_ids), ID_BATCH):
        ids = measure_ids[start : start + ID_BATCH]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT measure_id, period, value, numerator, denominator FROM {table} "
                f"WHERE measure_id IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )
            for row in cursor.fetchall():
                # SQLite returns the date as text; PostgreSQL as a date.
                period = row[1]
                day = dt.date.fromisoformat(period) if isinstance(period, str) else period
                stored[row[0]][day] = row[2:]
    return stored


def _create_all(
    organisation: Organisation, new: list[tuple[Indicator, int | None, Mapping[dt.date, Point]]]
) -> None:
    """Create the measures of ``new`` (indicator, unit, points), their points and their charts,
    each in one batch: a trust's first refresh creates thousands of them."""
    if not new:
        return
    names = _NameBook(organisation)
    created = Measure.objects.bulk_create(
        _measure(organisation, indicator, unit_id, names) for indicator, unit_id, _ in new
    )
    series = {measure.pk: points for measure, (_, _, points) in zip(created, new, strict=True)}
    _insert(series)
    measures_refresh(measures=created, points=_stored_form(series))


def _measure(
    organisation: Organisation, indicator: Indicator, unit_id: int | None, names: _NameBook
) -> Measure:
    ratio = indicator.chart in ("p", "pp", "u", "up")
    # Measure names are unique in an organisation: a unit's copy carries the unit's name, and a
    # code that says which indicator and unit it is.
    return Measure(
        organisation=organisation,
        unit_id=unit_id,
        computed=indicator.key,
        name=names.name(indicator.name, unit_id),
        code=f"kaizen.{indicator.key}.{unit_id or 'organisation'}",
        description=indicator.definition,
        unit_label=indicator.unit_label,
        kind=Measure.Kind.PROCESS,
        frequency=Measure.Frequency.MONTHLY,
        improvement=indicator.improvement,
        chart=indicator.chart,
        multiplier=100.0 if ratio else 1.0,
        data_source="Computed by Kaizen from its own records",
    )


class _NameBook:
    """The organisation's units and taken measure names, read once for a batch of new measures."""

    def __init__(self, organisation: Organisation) -> None:
        units = organisation.units.select_related("parent")
        self.units = {unit.pk: unit for unit in units}
        measures = Measure.objects.filter(organisation=organisation)
        self.taken = {name.lower() for name in measures.values_list("name", flat=True)}

    def name(self, name: str, unit_id: int | None) -> str:
        if unit_id is not None:
            unit = self.units[unit_id]
            name = f"{name}: {unit.name}" + (f", {unit.parent.name}" if unit.parent else "")
            # Unit names are unique under one parent only; the id settles the rare clash.
            if name.lower() in self.taken:
                name = f"{name} (unit {unit.pk})"
        self.taken.add(name.lower())
        return name


def _rewrite(
    changed: Mapping[int, Mapping[dt.date, Point]],
    stored: Mapping[int, Mapping[dt.date, tuple[float | None, ...]]],
) -> None:
    """Bring each changed measure's points to the given ones and chart them together: on the
    first of a month every indicator gains a month and loses its oldest, so every measure
    changes at once, though only two of its points do."""
    if not changed:
        return
    # Locked before their points change, so that a refresh running beside this one waits and
    # then compares with what this one stored.
    measures = list(
        Measure.objects.select_for_update()
        .filter(pk__in=changed)
        .defer("spc_snapshot", "spc_headline")
        .order_by("pk")
    )
    # Only the measures still there: one deleted since the comparison has nothing to write.
    gone: dict[dt.date, list[int]] = defaultdict(list)
    for measure in measures:
        for period in stored.get(measure.pk, {}).keys() - changed[measure.pk].keys():
            gone[period].append(measure.pk)
    for period, ids in gone.items():
        for start in range(0, len(ids), ID_BATCH):
            DataPoint.objects.filter(
                period=period, measure_id__in=ids[start : start + ID_BATCH]
            ).delete()
    datapoints_upsert(
        rows=[
            point
            for measure in measures
            for point in _differing(measure.pk, changed[measure.pk], stored.get(measure.pk, {}))
        ],
        by=None,
    )
    measures_refresh(
        measures=measures, points=_stored_form({m.pk: changed[m.pk] for m in measures})
    )


def _stored_form(series: Mapping[int, Mapping[dt.date, Point]]) -> Iterator[StoredPoint]:
    """The points of each measure, as measures_refresh reads them."""
    for measure_id, points in series.items():
        for period, point in points.items():
            yield (measure_id, period, *point)


class _IndicatorPoint(NamedTuple):
    """One month's point of a computed measure, as the measures' services store it."""

    measure_id: int
    period: dt.date
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str = ""


def _insert(series: Mapping[int, Mapping[dt.date, Point]]) -> None:
    """The points of measures created in this transaction."""
    datapoints_insert_new(
        rows=[point for pk, points in series.items() for point in _differing(pk, points, {})],
        by=None,
    )


def _differing(
    measure_id: int,
    points: Mapping[dt.date, Point],
    stored: Mapping[dt.date, tuple[float | None, ...]],
) -> list[_IndicatorPoint]:
    """The measure's points that are not stored as they are (all of them for a new measure)."""
    return [
        _IndicatorPoint(measure_id, period, *point)
        for period, point in points.items()
        if stored.get(period) != point
    ]


def indicators_refresh_all(*, today: dt.date | None = None) -> int:
    return sum(
        indicators_refresh(organisation=organisation, today=today)
        for organisation in Organisation.objects.all()
    )


def priority_measure_link(*, priority: StrategicPriority, measure: Measure, by: User) -> None:
    """Show ``measure`` under ``priority`` (at most MEASURES_PER_PRIORITY of them)."""
    links = PriorityMeasure.objects.filter(priority=priority)
    if links.filter(measure=measure).exists():
        raise ValidationError(f"“{measure.name}” already shows “{priority.name}”.")
    if links.count() >= MEASURES_PER_PRIORITY:
        raise ValidationError(
            f"“{priority.name}” already has {MEASURES_PER_PRIORITY} measures: a priority is "
            "shown by a few measures the board watches, not all of them. Remove one first."
        )
    with transaction.atomic():
        link = PriorityMeasure.objects.create(priority=priority, measure=measure)
        record(
            actor=by,
            organisation=priority.organisation,
            action=AuditEvent.Action.CREATE,
            target=link,
            summary=f"“{measure.name}” now shows the priority “{priority.name}”",
        )

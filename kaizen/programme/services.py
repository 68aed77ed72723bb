"""Refreshing the programme-health indicators: each indicator's figures, for the organisation
and each unit with any, stored as measures marked ``computed`` so that every chart, icon, board
summary and PDF shows them unchanged.

A refresh writes only what differs from what is stored, so running it twice changes nothing,
and its result equals recomputing from scratch (a property test checks both).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen import registry
from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.computed import Indicator, Point
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.programme.models import MEASURES_PER_PRIORITY, PriorityMeasure
from kaizen.projects.models import Project
from kaizen.strategy.models import StrategicPriority

# How far back the charts go: enough for SPC baselines and two years' story.
MONTHS_SHOWN = 36


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
    """Recompute every indicator of ``organisation``; returns how many measures changed."""
    months = indicator_months(today or timezone.localdate())
    # A unit's charts exist while it owns any project; from records alone, so that a refresh
    # equals a recompute from scratch (a unit whose projects all moved loses its charts).
    units = set(
        Project.objects.filter(organisation=organisation, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    computed = Measure.objects.filter(organisation=organisation).exclude(computed="")
    computed.exclude(unit=None).exclude(unit__in=units).delete()
    measures = {(measure.computed, measure.unit_id): measure for measure in computed}
    stored = _stored_points(list(measures.values()))
    changed = 0
    for indicator in all_indicators().values():
        figures = indicator.compute(organisation, months, units)
        for unit_id, points in figures.items():
            measure = measures.get((indicator.key, unit_id))
            if measure is None and not points:
                continue
            with transaction.atomic():
                if measure is None:
                    measure = _create(organisation, indicator, unit_id)
                if _write(measure, stored.get(measure.pk, {}), points):
                    measure_refresh(measure=measure)
                    changed += 1
    return changed


def _stored_points(measures: list[Measure]) -> dict[int, dict[dt.date, Point]]:
    stored: dict[int, dict[dt.date, Point]] = defaultdict(dict)
    rows = DataPoint.objects.filter(measure__in=measures).values_list(
        "measure_id", "period", "value", "numerator", "denominator"
    )
    for measure_id, period, value, numerator, denominator in rows:
        stored[measure_id][period] = Point(value, numerator, denominator)
    return stored


def _create(organisation: Organisation, indicator: Indicator, unit_id: int | None) -> Measure:
    ratio = indicator.chart in ("p", "pp", "u", "up")
    # Measure names are unique in an organisation: a unit's copy carries the unit's name, and a
    # code that says which indicator and unit it is.
    name = _unit_name(organisation, indicator.name, unit_id) if unit_id else indicator.name
    return Measure.objects.create(
        organisation=organisation,
        unit_id=unit_id,
        computed=indicator.key,
        name=name,
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


def _unit_name(organisation: Organisation, name: str, unit_id: int) -> str:
    unit = organisation.units.select_related("parent").get(pk=unit_id)
    named = f"{name}: {unit.name}" + (f", {unit.parent.name}" if unit.parent else "")
    # Unit names are unique under one parent only; the id settles the rare clash.
    taken = Measure.objects.filter(organisation=organisation, name__iexact=named).exists()
    return f"{named} (unit {unit.pk})" if taken else named


def _write(
    measure: Measure, stored: Mapping[dt.date, Point], points: Mapping[dt.date, Point]
) -> bool:
    """Make the measure's points equal ``points``; False when they already were."""
    gone = [period for period in stored if period not in points]
    fresh = {period: point for period, point in points.items() if stored.get(period) != point}
    if not gone and not fresh:
        return False
    DataPoint.objects.filter(measure=measure, period__in=[*gone, *fresh]).delete()
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            period=period,
            value=point.value,
            numerator=point.numerator,
            denominator=point.denominator,
        )
        for period, point in fresh.items()
    )
    return True


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

"""Every change to a measure, its data or its annotations: audit-logged, then the chart refreshed.

Other apps (uploads, projects) write through these functions too, so the SPC snapshot the board
summary reads can never fall behind the data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

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
from kaizen_spc import SPCInputError

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
        measure.spc_snapshot = snapshot_from_result(
            measure.compute_spc(), version=measure.data_version
        )
        measure.spc_headline = headline_from_snapshot(measure.spc_snapshot)
        Measure.objects.filter(pk=measure.pk).update(
            data_version=measure.data_version,
            spc_snapshot=measure.spc_snapshot,
            spc_headline=measure.spc_headline,
        )
        measure_changed.send(sender=Measure, measure=measure)
    return measure


def _refresh_or_refuse(measure: Measure, *, field: str) -> None:
    """Refresh the chart, or undo the change (the caller's transaction) with a message when
    kaizen_spc cannot chart the data as changed, e.g. a P chart over values without denominators."""
    try:
        measure_refresh(measure=measure)
    except SPCInputError as error:
        raise ValidationError({field: f"The chart cannot be drawn: {error.message}"}) from error


def measure_create(*, organisation: Organisation, by: User, **values: Any) -> Measure:
    measure = Measure(organisation=organisation, **values)
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.CREATE,
            target=measure,
            summary=f"Created the measure “{measure.name}”",
        )
        _refresh_or_refuse(measure, field="chart")
    return measure


def measure_update(*, measure: Measure, by: User, **values: Any) -> Measure:
    """Change a measure's definition; the audit record lists each changed field."""
    # Compare with the stored row: a ModelForm has already copied its values onto `measure`.
    before = field_values(Measure.objects.get(pk=measure.pk), values)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.full_clean()
    changes = diff_fields(before, measure, values)
    if not changes:
        return measure
    with transaction.atomic():
        measure.save()
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.UPDATE,
            target=measure,
            changes=changes,
            summary=f"Changed {', '.join(changes)} of “{measure.name}”",
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


def datapoint_delete(*, point: DataPoint, by: User) -> None:
    measure = point.measure
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
    source: str = "",
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
        source=source,
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

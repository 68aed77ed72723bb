"""The measures' service layer: every change is audit-logged and refreshes the snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.measures import services
from kaizen.measures.models import Annotation, DataPoint, Measure
from kaizen.testing import MeasureFactory


def events(action: str, target_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_type=target_type))


def test_it_creates_a_measure_with_an_audit_record(org: Organisation, staff_user: User) -> None:
    measure = services.measure_create(
        organisation=org, by=staff_user, name="Falls", unit_label="per 1,000 bed days"
    )
    [event] = events("create", "measures.measure")
    assert (event.organisation, event.actor, event.target_id) == (org, staff_user, str(measure.pk))
    assert measure.has_current_snapshot()


def test_it_refuses_an_invalid_measure(org: Organisation, staff_user: User) -> None:
    with pytest.raises(ValidationError):
        services.measure_create(organisation=org, by=staff_user, name="Falls", chart="pie")
    assert not Measure.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_records_which_fields_changed(measure: Measure, staff_user: User) -> None:
    version = measure.data_version
    services.measure_update(measure=measure, by=staff_user, name="Seen in 4 hours", target=90.0)
    [event] = events("update", "measures.measure")
    assert event.changes == {
        "name": ["Patients seen within 4 hours", "Seen in 4 hours"],
        "target": [85.0, 90.0],
    }
    # The target changes the assurance icon, so the chart was recomputed.
    assert measure.data_version == version + 1
    assert measure.spc_result().summary == measure.compute_spc().summary


def test_an_update_that_changes_nothing_records_nothing(measure: Measure, staff_user: User) -> None:
    services.measure_update(measure=measure, by=staff_user, name=measure.name)
    assert not events("update", "measures.measure")


def test_it_adds_then_replaces_a_data_point(measure: Measure, staff_user: User) -> None:
    period = dt.date(2025, 1, 1)
    services.datapoint_save(measure=measure, period=period, value=93.0, by=staff_user)
    services.datapoint_save(measure=measure, period=period, value=94.0, note="Audit", by=staff_user)
    assert DataPoint.objects.get(measure=measure, period=period).value == 94.0
    [created] = events("create", "measures.datapoint")
    [updated] = events("update", "measures.datapoint")
    assert created.changes["value"] == [None, 93.0]
    assert updated.changes == {"value": [93.0, 94.0], "note": ["", "Audit"]}
    assert measure.spc_result().points[-1].value == 94.0


def test_it_deletes_a_data_point(measure: Measure, staff_user: User) -> None:
    point = measure.datapoints.last()
    assert point is not None
    point_id = point.pk
    services.datapoint_delete(point=point, by=staff_user)
    [event] = events("delete", "measures.datapoint")
    assert event.target_id == str(point_id)
    assert len(measure.spc_result().points) == measure.datapoints.count()


def test_a_rebase_annotation_starts_a_new_segment(measure: Measure, staff_user: User) -> None:
    services.annotation_add(
        measure=measure,
        period=dt.date(2024, 4, 1),
        text="New triage process",
        starts_segment=True,
        by=staff_user,
    )
    [event] = events("create", "measures.annotation")
    assert "recalculated the limits" in event.summary
    assert {point.segment for point in measure.spc_result().points} == {0, 1}


def test_a_plain_annotation_leaves_the_chart_alone(measure: Measure, staff_user: User) -> None:
    version = measure.data_version
    services.annotation_add(
        measure=measure, period=dt.date(2024, 4, 1), text="Winter pressures", by=staff_user
    )
    assert measure.data_version == version


def test_removing_a_rebase_joins_the_segments_again(measure: Measure, staff_user: User) -> None:
    annotation = services.annotation_add(
        measure=measure, period=dt.date(2024, 4, 1), text="New", starts_segment=True, by=staff_user
    )
    services.annotation_delete(annotation=annotation, by=staff_user)
    assert not Annotation.objects.exists()
    assert events("delete", "measures.annotation")
    assert {point.segment for point in measure.spc_result().points} == {0}


def test_refresh_bumps_the_version_the_snapshot_records(measure: Measure) -> None:
    version = measure.data_version
    services.measure_refresh(measure=measure)
    measure.refresh_from_db()
    assert measure.data_version == version + 1
    assert measure.spc_snapshot["version"] == version + 1


def test_a_ratio_chart_needs_every_value_as_a_fraction(measure: Measure, staff_user: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.measure_update(measure=measure, by=staff_user, chart="p")
    assert "24 of the values have no numerator" in str(error.value.message_dict["chart"])
    measure.refresh_from_db()
    assert measure.chart == "xmr"


def test_a_chart_that_cannot_be_drawn_undoes_the_change(
    org: Organisation, make_measure: MeasureFactory, staff_user: User
) -> None:
    # A T chart plots the time between events, which must be more than zero.
    measure = make_measure(org, [5, 0, 3], unit_label="days")
    with pytest.raises(ValidationError) as error:
        services.measure_update(measure=measure, by=staff_user, chart="t")
    assert "time between events must be greater than zero" in str(error.value.message_dict)
    measure.refresh_from_db()
    assert measure.chart == "xmr"
    assert not events("update", "measures.measure")


def test_a_value_that_cannot_be_charted_is_refused(
    org: Organisation, make_measure: MeasureFactory, staff_user: User
) -> None:
    measure = make_measure(org, [5, 3, 2], chart="t", unit_label="days")
    with pytest.raises(ValidationError) as error:
        services.datapoint_save(measure=measure, period=dt.date(2024, 1, 1), value=0, by=staff_user)
    assert "greater than zero" in str(error.value.message_dict[NON_FIELD_ERRORS])
    assert measure.datapoints.count() == 3
    assert not events("create", "measures.datapoint")


def test_fixing_a_baseline_refreshes_the_chart(measure: Measure, staff_user: User) -> None:
    annotation = services.annotation_add(
        measure=measure,
        period=dt.date(2023, 12, 1),
        text="Limits from the first year",
        fixes_baseline=True,
        by=staff_user,
    )
    points = measure.spc_result().points
    assert [point.baseline for point in points] == [True] * 12 + [False] * 12
    assert "fixed the limits" in events("create", "measures.annotation")[0].summary
    services.annotation_delete(annotation=annotation, by=staff_user)
    assert all(point.baseline for point in measure.spc_result().points)

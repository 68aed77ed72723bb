"""A measure's data and its SPC results as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import User
from kaizen.measures import services
from kaizen.measures.models import Measure
from kaizen.measures.summary import EXPORT_HEADER

ClientFor = Callable[[User], Client]


def export(client: Client, measure: Measure) -> list[dict[str, str]]:
    path = reverse(
        "measures:measure_export", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_it_exports_every_period_with_its_spc_reading(
    measure: Measure, board_user: User, client_for: ClientFor
) -> None:
    rows = export(client_for(board_user), measure)
    result = measure.compute_spc()
    assert list(rows[0]) == EXPORT_HEADER
    assert len(rows) == len(result.points) == 24
    for row, point in zip(rows, result.points, strict=True):
        assert row["period"] == point.period.isoformat()  # type: ignore[union-attr]
        assert float(row["plotted_value"]) == point.value
        assert float(row["centre"]) == point.centre
        assert float(row["lower_limit"]) == point.lower
        assert float(row["upper_limit"]) == point.upper
        assert row["point_type"] == point.point_type
        assert row["reason"] == point.reason
        assert row["special_cause"] == ("yes" if point.special_cause else "no")


def test_it_exports_notes_numerators_and_annotations(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    services.datapoint_save(
        measure=measure,
        period=dt.date(2024, 12, 1),
        numerator=178,
        denominator=200,
        note="Validated by the ward manager",
        by=staff_user,
    )
    services.annotation_add(
        measure=measure, period=dt.date(2024, 12, 1), text="New discharge lounge", by=staff_user
    )
    last = export(client_for(staff_user), measure)[-1]
    assert (last["value"], last["numerator"], last["denominator"]) == ("", "178.0", "200.0")
    assert float(last["plotted_value"]) == 0.89
    assert last["note"] == "Validated by the ward manager"
    assert last["annotations"] == "New discharge lounge"


def test_full_precision_survives_the_export(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    last = export(client_for(staff_user), measure)[-1]
    assert float(last["upper_limit"]) == measure.compute_spc().points[-1].upper


def test_notes_cannot_become_spreadsheet_formulas(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    services.datapoint_save(
        measure=measure,
        period=dt.date(2024, 12, 1),
        value=89,
        note='=HYPERLINK("http://example.org","Click")',
        by=staff_user,
    )
    last = export(client_for(staff_user), measure)[-1]
    assert last["note"] == '\'=HYPERLINK("http://example.org","Click")'

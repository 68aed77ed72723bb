"""Every CSV the platform writes makes formula-like text plain text, and leaves numbers alone."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import User
from kaizen.measures import services
from kaizen.measures.csv_export import safe_cell
from kaizen.measures.models import Measure

ClientFor = Callable[[User], Client]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Falls on = wards", "Falls on = wards"),
        ("", ""),
        (-4.5, -4.5),
        (-3, -3),
        (None, None),
    ],
)
def test_it_makes_formula_text_plain_and_leaves_numbers_numbers(
    cell: object, written: object
) -> None:
    assert safe_cell(cell) == written


def test_the_measure_export_escapes_notes_and_annotations_but_not_negative_values(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    first = measure.datapoints.order_by("period").first()
    assert first is not None
    services.datapoint_save(
        measure=measure, period=first.period, value=-4.5, note="=1+2", by=staff_user
    )
    services.annotation_add(
        measure=measure, period=first.period, text="@cmd|' /C calc'!A0", by=staff_user
    )
    url = reverse("measures:measure_export", kwargs={"org": "riverside", "pk": measure.pk})
    response = client_for(staff_user).get(url)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["period"] == first.period.isoformat())
    assert row["value"] == "-4.5"
    assert row["note"] == "'=1+2"
    assert list(row.values())[-1] == "'@cmd|' /C calc'!A0"
    assert not any(
        cell.startswith(("=", "+", "@", "\t", "\r")) for r in rows for cell in r.values()
    )


def test_the_upload_template_goes_through_the_same_writer(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    url = reverse(
        "imports:import_template_measure", kwargs={"org": "riverside", "measure_id": measure.pk}
    )
    response = client_for(staff_user).get(url)
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "period,value,note"

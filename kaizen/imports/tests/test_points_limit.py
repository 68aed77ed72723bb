"""An upload that would take a measure past MEASURE_MAX_POINTS is refused before anything is
stored, and so is an import of rows checked elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.imports.checks import Row
from kaizen.imports.models import PendingImport
from kaizen.imports.services import import_rows
from kaizen.measures.models import DataPoint, Measure

ClientFor = Callable[[User], Client]


@pytest.fixture
def falls(org: Organisation) -> Measure:
    measure = Measure.objects.create(organisation=org, name="Falls", frequency="monthly")
    DataPoint.objects.create(measure=measure, period=dt.date(2024, 1, 1), value=3)
    return measure


def test_an_upload_past_the_limit_is_refused_with_a_message(
    falls: Measure, org: Organisation, staff_user: User, client_for: ClientFor, settings: Settings
) -> None:
    settings.MEASURE_MAX_POINTS = 2
    text = "measure,period,value\nFalls,2024-01-01,4\nFalls,2024-02-01,5\nFalls,2024-03-01,6\n"
    url = reverse("imports:import_upload", kwargs={"org": org.slug})
    upload = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    response = client_for(staff_user).post(url, {"file": upload})
    assert response.status_code == 200
    assert "can hold at most 2 values, and “Falls” would hold 3" in response.content.decode()
    assert not PendingImport.objects.exists()
    assert list(falls.datapoints.values_list("value", flat=True)) == [3]


def test_replacing_values_does_not_count_against_the_limit(
    falls: Measure, org: Organisation, staff_user: User, settings: Settings
) -> None:
    settings.MEASURE_MAX_POINTS = 1
    replace = [Row(2, falls.pk, dt.date(2024, 1, 1), 4.0, None, None, "")]
    assert import_rows(replace, organisation=org, by=staff_user, source="x").changed == 1
    more = [Row(2, falls.pk, dt.date(2024, 2, 1), 5.0, None, None, "")]
    with pytest.raises(ValidationError, match="at most 1 values"):
        import_rows(more, organisation=org, by=staff_user, source="x")
    assert list(falls.datapoints.values_list("value", flat=True)) == [4.0]

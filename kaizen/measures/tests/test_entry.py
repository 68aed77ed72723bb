"""Entering data from the measure's page: HTMX partial responses and validation messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure

ClientFor = Callable[[User], Client]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def client(staff_user: User, client_for: ClientFor) -> Client:
    return client_for(staff_user)


def save(client: Client, measure: Measure, htmx: bool = True, **data: str) -> str:
    path = reverse(
        "measures:datapoint_save", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.post(path, data, headers=HTMX if htmx else {})
    assert response.status_code == 200
    return response.content.decode()


def test_it_adds_a_value_and_returns_the_refreshed_chart(client: Client, measure: Measure) -> None:
    html = save(client, measure, period="2025-01-01", value="93.5", note="New rota")
    point = DataPoint.objects.get(measure=measure, period=dt.date(2025, 1, 1))
    assert (point.value, point.note) == (93.5, "New rota")
    # Only the live part of the page, not the whole page with its header.
    assert html.lstrip().startswith('<div id="measure-live"')
    assert "<header" not in html
    assert "Added the value for January 2025" in html
    assert "93.5%" in html
    measure.refresh_from_db()
    assert measure.spc_result().points[-1].value == 93.5


def test_without_javascript_it_redirects_back_to_the_page(client: Client, measure: Measure) -> None:
    path = reverse(
        "measures:datapoint_save", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.post(path, {"period": "2025-01-01", "value": "90"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/measures/{measure.pk}/")


def test_it_refuses_a_future_period(client: Client, measure: Measure) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = save(client, measure, period=tomorrow.isoformat(), value="90")
    assert "The period must be today or in the past" in html
    assert "There is a problem" in html
    assert not DataPoint.objects.filter(period=tomorrow).exists()


def test_it_refuses_a_value_that_is_not_a_number(client: Client, measure: Measure) -> None:
    html = save(client, measure, period="2025-01-01", value="ninety")
    assert "Enter a number" in html
    assert not DataPoint.objects.filter(period=dt.date(2025, 1, 1)).exists()


def test_it_refuses_a_numerator_above_the_denominator(
    client: Client, org: Organisation, staff_user: User
) -> None:
    measure = Measure.objects.create(
        organisation=org, name="Harm free care", chart="p", owner=staff_user
    )
    html = save(client, measure, period="2025-01-01", numerator="12", denominator="10")
    assert "The numerator cannot be more than the denominator" in html
    assert not DataPoint.objects.exists()


def test_it_asks_before_replacing_a_period_that_has_a_value(
    client: Client, measure: Measure
) -> None:
    html = save(client, measure, period="2024-12-01", value="50")
    assert "There is already a value for December 2024 (89%)" in html
    assert "Replace the existing value" in html
    assert DataPoint.objects.get(measure=measure, period=dt.date(2024, 12, 1)).value == 89

    html = save(client, measure, period="2024-12-01", value="50", replace="on")
    assert "Changed the value for December 2024" in html
    assert DataPoint.objects.get(measure=measure, period=dt.date(2024, 12, 1)).value == 50


def test_the_change_link_fills_the_form_with_the_value(client: Client, measure: Measure) -> None:
    path = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client.get(path, {"edit": "2024-12-01"}, headers=HTMX).content.decode()
    assert 'value="2024-12-01"' in html
    assert 'value="89.0"' in html
    assert "Replace the existing value" in html


@pytest.mark.parametrize("period", ["2024-02-30", "soon", ""])
def test_a_change_link_to_no_value_starts_an_empty_form(
    client: Client, measure: Measure, period: str
) -> None:
    path = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.get(path, {"edit": period}, headers=HTMX)
    assert response.status_code == 200
    assert "Replace the existing value" not in response.content.decode()


def test_it_deletes_a_value(client: Client, measure: Measure) -> None:
    point = DataPoint.objects.get(measure=measure, period=dt.date(2024, 12, 1))
    path = reverse(
        "measures:datapoint_delete",
        kwargs={"org": measure.organisation.slug, "pk": measure.pk, "point_pk": point.pk},
    )
    html = client.post(path, headers=HTMX).content.decode()
    assert "Deleted the value for December 2024" in html
    assert not DataPoint.objects.filter(pk=point.pk).exists()


def test_it_adds_an_annotation_that_recalculates_the_limits(
    client: Client, measure: Measure
) -> None:
    path = reverse(
        "measures:annotation_add", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client.post(
        path,
        {"period": "2024-04-01", "text": "New triage process", "starts_segment": "on"},
        headers=HTMX,
    ).content.decode()
    assert "New triage process" in html
    assert "limits recalculated" in html
    measure.refresh_from_db()
    assert len({point.segment for point in measure.spc_result().points}) == 2


def test_it_adds_an_annotation_that_fixes_the_limits(client: Client, measure: Measure) -> None:
    path = reverse(
        "measures:annotation_add", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client.post(
        path,
        {"period": "2023-12-01", "text": "Baseline year", "fixes_baseline": "on"},
        headers=HTMX,
    ).content.decode()
    assert "limits fixed" in html
    assert measure.annotations.get().fixes_baseline


def test_an_annotation_needs_its_text(client: Client, measure: Measure) -> None:
    path = reverse(
        "measures:annotation_add", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client.post(path, {"period": "2024-04-01"}, headers=HTMX).content.decode()
    assert "Enter what changed" in html
    assert not measure.annotations.exists()

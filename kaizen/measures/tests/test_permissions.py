"""Who may reach each measures URL: members by role, and never another organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import User
from kaizen.measures.models import Annotation, DataPoint, Measure

ClientFor = Callable[[User], Client]


def urls(measure: Measure) -> dict[str, tuple[str, str]]:
    """Every measures URL: name -> (method, path)."""
    org = measure.organisation.slug
    point = DataPoint.objects.filter(measure=measure).first()
    assert point is not None
    note = Annotation.objects.create(measure=measure, period=dt.date(2023, 6, 1), text="Change")
    on_measure = {"org": org, "pk": measure.pk}
    return {
        "measure_list": ("get", reverse("measures:measure_list", kwargs={"org": org})),
        "measure_create": ("get", reverse("measures:measure_create", kwargs={"org": org})),
        "board_summary": ("get", reverse("measures:board_summary", kwargs={"org": org})),
        "board_summary_pdf": ("get", reverse("measures:board_summary_pdf", kwargs={"org": org})),
        "measure_detail": ("get", reverse("measures:measure_detail", kwargs=on_measure)),
        "measure_edit": ("get", reverse("measures:measure_edit", kwargs=on_measure)),
        "measure_export": ("get", reverse("measures:measure_export", kwargs=on_measure)),
        "datapoint_save": ("post", reverse("measures:datapoint_save", kwargs=on_measure)),
        "datapoint_delete": (
            "post",
            reverse("measures:datapoint_delete", kwargs={**on_measure, "point_pk": point.pk}),
        ),
        "annotation_add": ("post", reverse("measures:annotation_add", kwargs=on_measure)),
        "annotation_delete": (
            "post",
            reverse("measures:annotation_delete", kwargs={**on_measure, "annotation_pk": note.pk}),
        ),
    }


READ_ONLY = {
    "measure_list",
    "board_summary",
    "board_summary_pdf",
    "measure_detail",
    "measure_export",
}


def test_an_outsider_finds_nothing(measure: Measure, outsider: User, client_for: ClientFor) -> None:
    client = client_for(outsider)
    for name, (method, path) in urls(measure).items():
        response = getattr(client, method)(path)
        assert response.status_code == 404, name
    assert DataPoint.objects.filter(measure=measure).count() == 24
    assert Annotation.objects.count() == 1


def test_an_outsider_cannot_reach_a_measure_through_their_own_organisation(
    measure: Measure, outsider: User, client_for: ClientFor
) -> None:
    client = client_for(outsider)
    path = reverse("measures:measure_detail", kwargs={"org": "hillside", "pk": measure.pk})
    assert client.get(path).status_code == 404
    path = reverse("measures:datapoint_save", kwargs={"org": "hillside", "pk": measure.pk})
    assert client.post(path, {"period": "2025-01-01", "value": "1"}).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(measure: Measure) -> None:
    for name, (method, path) in urls(measure).items():
        response = getattr(Client(), method)(path)
        assert response.status_code == 302, name
        assert "login" in response["Location"] or "sign" in response["Location"], name


@pytest.mark.parametrize("role", ["board_user", "patient_user"])
def test_readers_read_but_cannot_change(
    measure: Measure, role: str, request: pytest.FixtureRequest, client_for: ClientFor
) -> None:
    client = client_for(request.getfixturevalue(role))
    for name, (method, path) in urls(measure).items():
        response = getattr(client, method)(path)
        assert response.status_code == (200 if name in READ_ONLY else 403), name
    assert DataPoint.objects.filter(measure=measure).count() == 24


@pytest.mark.parametrize("role", ["staff_user", "coach_user", "admin_user"])
def test_its_owner_and_the_stewards_may_use_every_url(
    measure: Measure, role: str, request: pytest.FixtureRequest, client_for: ClientFor
) -> None:
    client = client_for(request.getfixturevalue(role))
    for name, (method, path) in urls(measure).items():
        response = getattr(client, method)(path, headers={"HX-Request": "true"})
        assert response.status_code == 200, name

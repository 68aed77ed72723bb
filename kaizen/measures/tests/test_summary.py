"""The board's integrated quality report: filters, sorting, and reading only the snapshots."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.measures import models
from kaizen.testing import STEP_VALUES, MeasureFactory

ClientFor = Callable[[User], Client]
STABLE = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6]
RISING = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6, 15]


@pytest.fixture
def board(org: Organisation, make_measure: MeasureFactory) -> dict[str, Any]:
    medicine = OrgUnit.objects.create(organisation=org, name="Medicine", kind="division")
    ward = OrgUnit.objects.create(organisation=org, parent=medicine, name="Ward 7", kind="ward")
    surgery = OrgUnit.objects.create(organisation=org, name="Surgery", kind="division")
    emergency = ValueStream.objects.create(organisation=org, name="Emergency care")
    return {
        "units": (medicine, ward, surgery),
        "stream": emergency,
        # Improvement at the end, target between the limits: "inconsistent".
        "waits": make_measure(
            org,
            STEP_VALUES,
            name="A&E four hour waits",
            on_board=True,
            target=85.0,
            unit=ward,
            value_stream=emergency,
        ),
        # A rise where lower is better: concern; target below the limits: consistently failing.
        "falls": make_measure(
            org,
            RISING,
            name="Falls",
            on_board=True,
            improvement="decrease",
            target=1.0,
            unit=medicine,
            kind="outcome",
            unit_label="",
        ),
        # Common cause, target well below the limits where higher is better: passing.
        "theatre": make_measure(
            org,
            STABLE,
            name="Theatre utilisation",
            on_board=True,
            target=1.0,
            unit=surgery,
            kind="process",
            unit_label="%",
        ),
    }


def names(client: Client, org: Organisation, **query: Any) -> list[str]:
    response = client.get(reverse("measures:board_summary", kwargs={"org": org.slug}), query)
    assert response.status_code == 200
    rows = re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', response.content.decode())
    return [html.unescape(name) for name in rows]


@pytest.fixture
def client(board_user: User, client_for: ClientFor) -> Client:
    return client_for(board_user)


def test_it_lists_every_measure_by_name(client: Client, org: Organisation, board: Any) -> None:
    assert names(client, org) == ["A&E four hour waits", "Falls", "Theatre utilisation"]


def test_it_filters_by_unit_including_the_units_below(
    client: Client, org: Organisation, board: Any
) -> None:
    medicine, ward, surgery = board["units"]
    assert names(client, org, unit=medicine.pk) == ["A&E four hour waits", "Falls"]
    assert names(client, org, unit=ward.pk) == ["A&E four hour waits"]
    assert names(client, org, unit=surgery.pk) == ["Theatre utilisation"]


def test_it_filters_by_value_stream_and_type(client: Client, org: Organisation, board: Any) -> None:
    assert names(client, org, value_stream=board["stream"].pk) == ["A&E four hour waits"]
    assert names(client, org, kind="process") == ["Theatre utilisation"]


def test_another_organisations_unit_is_not_a_filter(
    client: Client, org: Organisation, other_org: Organisation, board: Any
) -> None:
    theirs = OrgUnit.objects.create(organisation=other_org, name="Theirs")
    assert len(names(client, org, unit=theirs.pk)) == 3


def test_it_sorts_concerns_first_by_variation(
    client: Client, org: Organisation, board: Any
) -> None:
    assert names(client, org, sort="variation") == [
        "Falls",
        "A&E four hour waits",
        "Theatre utilisation",
    ]


def test_it_sorts_failing_targets_first_by_assurance(
    client: Client, org: Organisation, board: Any
) -> None:
    assert names(client, org, sort="assurance") == [
        "Falls",
        "A&E four hour waits",
        "Theatre utilisation",
    ]


def test_it_sorts_by_type(client: Client, org: Organisation, board: Any) -> None:
    assert names(client, org, sort="kind") == [
        "A&E four hour waits",
        "Falls",
        "Theatre utilisation",
    ]


def test_it_shows_icons_sparklines_and_no_rag_ratings(
    client: Client, org: Organisation, board: Any
) -> None:
    html = client.get(reverse("measures:board_summary", kwargs={"org": org.slug})).content.decode()
    assert 'aria-label="Special cause concern (higher values)"' in html
    assert 'aria-label="The target is consistently not met"' in html
    assert 'aria-label="Common cause variation"' in html
    assert html.count('class="kaizen-sparkline"><svg') == 3
    assert "amber" not in html.lower()
    assert "green" not in html.lower()


def test_htmx_gets_only_the_table(client: Client, org: Organisation, board: Any) -> None:
    path = reverse("measures:board_summary", kwargs={"org": org.slug})
    html = client.get(path, {"sort": "kind"}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="summary-table">')
    assert 'aria-sort="ascending"' in html


def test_it_reads_snapshots_without_running_spc(
    client: Client,
    org: Organisation,
    board: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the summary must not run SPC")

    monkeypatch.setattr(models, "spc", refuse)
    # The session, the user, whether an organisation requires the user's second factor, the
    # membership, the organisation, the icon counts, the page's ids in order, the page's
    # measures, the unread count and the units: as many for 10,000 measures as for three.
    with django_assert_max_num_queries(11):
        assert len(names(client, org)) == 3


def test_the_icon_columns_follow_the_headline_whoever_writes_it(
    org: Organisation, board: Any
) -> None:
    falls = board["falls"]
    falls.refresh_from_db()
    assert (falls.variation_icon, falls.assurance_icon) == ("concern_high", "consistent_fail")
    # A bulk writer's plain UPDATE (as the batch refresh does) keeps them in step too; a
    # headline without data shows no variation.
    empty = {"summary": {"n": 0, "variation_icon": "common_cause", "assurance_icon": None}}
    models.Measure.objects.filter(pk=falls.pk).update(spc_headline=empty)
    falls.refresh_from_db()
    assert (falls.variation_icon, falls.assurance_icon) == ("", "")

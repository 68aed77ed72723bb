"""Creating, changing and listing measures' operational definitions."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.audit.models import AuditEvent
from kaizen.measures.models import Measure
from kaizen.testing import MeasureFactory

ClientFor = Callable[[User], Client]

DEFINITION = {
    "name": "Discharges before noon",
    "description": "Flow: beds free early in the day for admissions from A&E",
    "numerator_definition": "Discharges from the ward before 12:00",
    "denominator_definition": "All discharges from the ward",
    "unit_label": "%",
    "kind": "process",
    "frequency": "weekly",
    "improvement": "increase",
    "target": "33",
    "chart": "p",
    "rules": "",
    "multiplier": "100",
    "baseline_points": "",
    "data_source": "Patient administration system",
}


def test_staff_create_a_measure(org: Organisation, staff_user: User, client_for: ClientFor) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    stream = ValueStream.objects.create(organisation=org, name="Emergency care")
    data = {**DEFINITION, "unit": ward.pk, "value_stream": stream.pk, "owner": staff_user.pk}
    response = client_for(staff_user).post(
        reverse("measures:measure_create", kwargs={"org": org.slug}), data
    )
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "measures:measure_detail", kwargs={"org": org.slug, "pk": measure.pk}
    )
    assert (measure.organisation, measure.unit, measure.value_stream) == (org, ward, stream)
    assert (measure.chart, measure.multiplier, measure.target) == ("p", 100, 33)
    assert AuditEvent.objects.filter(action="create", target_type="measures.measure").exists()


def test_the_form_offers_only_this_organisations_units(
    org: Organisation, other_org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    theirs = OrgUnit.objects.create(organisation=other_org, name="Their ward")
    data = {**DEFINITION, "unit": theirs.pk}
    response = client_for(staff_user).post(
        reverse("measures:measure_create", kwargs={"org": org.slug}), data
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Measure.objects.exists()


def test_the_form_explains_what_is_missing(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    path = reverse("measures:measure_create", kwargs={"org": org.slug})
    html = client_for(staff_user).post(path, {**DEFINITION, "name": "", "multiplier": "0"})
    text = html.content.decode()
    assert "There is a problem" in text
    assert "This field is required" in text
    assert "The multiplier must be more than 0" in text


def test_editing_records_the_changed_fields(
    measure: Measure, staff_user: User, client_for: ClientFor
) -> None:
    org = measure.organisation.slug
    path = reverse("measures:measure_edit", kwargs={"org": org, "pk": measure.pk})
    form = client_for(staff_user).get(path).content.decode()
    assert 'value="Patients seen within 4 hours"' in form
    data = {**DEFINITION, "name": measure.name, "chart": "xmr", "multiplier": "1", "target": "90"}
    response = client_for(staff_user).post(path, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.target == 90
    event = AuditEvent.objects.get(action="update", target_type="measures.measure")
    assert event.changes["target"] == [85.0, 90.0]


def test_the_list_filters_by_type(
    org: Organisation, make_measure: MeasureFactory, board_user: User, client_for: ClientFor
) -> None:
    make_measure(org, [1, 2, 3], name="Falls", kind="outcome")
    make_measure(org, [1, 2, 3], name="Huddles held", kind="process")
    client = client_for(board_user)
    html = client.get(
        reverse("measures:measure_list", kwargs={"org": org.slug}), {"kind": "process"}
    )
    text = html.content.decode()
    assert "Huddles held" in text
    assert "Falls" not in text
    # The board may read the list but is not offered to create measures.
    assert "Create a measure" not in text


def test_the_page_shows_the_operational_definition(
    measure: Measure, board_user: User, client_for: ClientFor
) -> None:
    path = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    html = client_for(board_user).get(path).content.decode()
    assert "Operational definition" in html
    assert "Higher is better" in html
    assert "Download the data and SPC results (CSV)" in html

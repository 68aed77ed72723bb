"""Uploading data points: preview, confirm, all or nothing, and only into one's own measures."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.imports.models import PENDING_LIFETIME, PendingImport
from kaizen.measures.models import DataPoint, Measure
from kaizen.testing import make_measure

ClientFor = Callable[[User], Client]

GOOD_CSV = (
    "Measure,Period,Value,Numerator,Denominator,Note\n"
    "Falls,2024-01-01,4,,,\n"
    "Falls,2024-02-01,5,,,\n"
    "falls,01/03/2024,3.5,,,New mats\n"
    "Seen within 4 hours,2024-01,,800,1000,\n"
    "Seen within 4 hours,2024-02,,810,1000,\n"
)


@pytest.fixture
def falls(org: Organisation, staff_user: User) -> Measure:
    return make_measure(org, by=staff_user, name="Falls", chart="xmr")


@pytest.fixture
def four_hours(org: Organisation, staff_user: User) -> Measure:
    return make_measure(org, by=staff_user, name="Seen within 4 hours", chart="p")


def upload_url(org: Organisation, measure: Measure | None = None) -> str:
    if measure is None:
        return reverse("imports:import_upload", kwargs={"org": org.slug})
    return reverse(
        "imports:import_upload_measure", kwargs={"org": org.slug, "measure_id": measure.pk}
    )


def csv_file(text: str, name: str = "data.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def preview(client: Client, org: Organisation, text: str, **extra: str) -> PendingImport | None:
    response = client.post(upload_url(org), {"file": csv_file(text)}, **extra)  # type: ignore[arg-type]
    assert response.status_code == 200
    return PendingImport.objects.order_by("-pk").first()


def confirm(client: Client, org: Organisation, pending: PendingImport, **extra: str) -> None:
    url = reverse("imports:import_confirm", kwargs={"org": org.slug, "pending_id": pending.pk})
    response = client.post(url, **extra)  # type: ignore[arg-type]
    assert response.status_code in (200, 302)


def stored(measure: Measure) -> list[tuple[dt.date, float | None, float | None, str]]:
    return [
        (point.period, point.plotted_value(), point.denominator, point.note)
        for point in DataPoint.objects.filter(measure=measure)
    ]


def test_it_shows_the_format_and_a_template(
    client_for: ClientFor, staff_user: User, org: Organisation, falls: Measure
) -> None:
    client = client_for(staff_user)
    page = client.get(upload_url(org))
    assert page.status_code == 200
    assert "Download a template CSV" in page.content.decode()
    # Any date in a period means the period, as on the entry form.
    assert "kept under the period’s start (the Monday of a week" in page.content.decode()

    template = client.get(reverse("imports:import_template", kwargs={"org": org.slug}))
    assert template["Content-Type"].startswith("text/csv")
    lines = template.content.decode().splitlines()
    assert lines[0] == "measure,period,value,numerator,denominator,note"
    assert lines[1].startswith("Falls,")


def test_it_previews_then_imports_everything_in_one_go(
    client_for: ClientFor,
    staff_user: User,
    org: Organisation,
    falls: Measure,
    four_hours: Measure,
) -> None:
    client = client_for(staff_user)
    response = client.post(upload_url(org), {"file": csv_file(GOOD_CSV)})
    html = response.content.decode()
    assert "Check what will be imported" in html
    assert "Import 5 data points" in html
    assert DataPoint.objects.count() == 0

    pending = PendingImport.objects.get()
    confirm(client, org, pending)

    assert stored(falls) == [
        (dt.date(2024, 1, 1), 4.0, None, ""),
        (dt.date(2024, 2, 1), 5.0, None, ""),
        (dt.date(2024, 3, 1), 3.5, None, "New mats"),
    ]
    assert stored(four_hours) == [
        (dt.date(2024, 1, 1), 0.8, 1000.0, ""),
        (dt.date(2024, 2, 1), 0.81, 1000.0, ""),
    ]
    assert not PendingImport.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.actor == staff_user
    assert event.organisation == org
    assert event.changes == {"new": 5, "changed": 0, "measures": 2}
    # Each measure's chart snapshot was refreshed from the new data.
    falls.refresh_from_db()
    assert falls.data_version > 0
    assert len(falls.spc_snapshot["points"]) == 3


def test_it_imports_through_htmx_and_answers_with_the_outcome_in_place(
    client_for: ClientFor, staff_user: User, org: Organisation, falls: Measure, four_hours: Measure
) -> None:
    client = client_for(staff_user)
    response = client.post(upload_url(org), {"file": csv_file(GOOD_CSV)}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="upload-area">')
    assert "<html" not in html
    pending = PendingImport.objects.get()
    url = reverse("imports:import_confirm", kwargs={"org": org.slug, "pending_id": pending.pk})
    outcome = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Import complete" in outcome
    assert "5 new and 0 changed data points in 2 measures" in outcome
    for measure in (falls, four_hours):
        chart = reverse("measures:measure_detail", kwargs={"org": org.slug, "pk": measure.pk})
        assert f'href="{chart}"' in outcome


def test_it_imports_nothing_when_one_row_is_bad(
    client_for: ClientFor, staff_user: User, org: Organisation, falls: Measure, four_hours: Measure
) -> None:
    client = client_for(staff_user)
    bad = GOOD_CSV + "Seen within 4 hours,2024-03,,1200,1000,\n"
    response = client.post(upload_url(org), {"file": csv_file(bad)})
    html = response.content.decode()
    assert "The file has 1 problem: nothing has been imported" in html
    assert "Numerator 1200 is above the denominator 1000" in html
    assert ">7<" in html  # the row number, counting the header as row 1
    assert not PendingImport.objects.exists()
    assert not DataPoint.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_it_rolls_back_everything_if_the_import_fails_part_way(
    client_for: ClientFor,
    staff_user: User,
    org: Organisation,
    falls: Measure,
    four_hours: Measure,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(staff_user)
    pending = preview(client, org, GOOD_CSV)
    assert pending is not None

    def broken_refresh(*, measures: list[Measure]) -> None:
        raise RuntimeError("chart refresh failed")

    monkeypatch.setattr("kaizen.imports.services.measures_refresh", broken_refresh)
    client.raise_request_exception = False
    url = reverse("imports:import_confirm", kwargs={"org": org.slug, "pending_id": pending.pk})
    assert client.post(url).status_code == 500
    assert not DataPoint.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_it_changes_nothing_when_the_same_file_is_uploaded_again(
    client_for: ClientFor, staff_user: User, org: Organisation, falls: Measure, four_hours: Measure
) -> None:
    client = client_for(staff_user)
    pending = preview(client, org, GOOD_CSV)
    assert pending is not None
    confirm(client, org, pending)
    falls.refresh_from_db()
    version, updated = falls.data_version, DataPoint.objects.order_by("pk").first()

    response = client.post(upload_url(org), {"file": csv_file(GOOD_CSV)})
    html = response.content.decode()
    assert "Nothing to import" in html
    assert not PendingImport.objects.exists()
    falls.refresh_from_db()
    assert falls.data_version == version
    assert DataPoint.objects.order_by("pk").first() == updated
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1


def test_it_counts_new_changed_and_unchanged_points_and_keeps_notes(
    client_for: ClientFor, staff_user: User, org: Organisation, falls: Measure, four_hours: Measure
) -> None:
    client = client_for(staff_user)
    pending = preview(client, org, GOOD_CSV)
    assert pending is not None
    confirm(client, org, pending)

    revised = (
        "measure,period,value\n"
        "Falls,2024-01-01,4\n"  # unchanged
        "Falls,2024-02-01,6\n"  # changed
        "Falls,2024-03-01,3.5\n"  # unchanged: a blank note keeps "New mats"
        "Falls,2024-04-01,2\n"  # new
    )
    response = client.post(upload_url(org), {"file": csv_file(revised)})
    html = response.content.decode()
    assert "Import 2 data points" in html
    pending = PendingImport.objects.get()
    confirm(client, org, pending)

    assert stored(falls) == [
        (dt.date(2024, 1, 1), 4.0, None, ""),
        (dt.date(2024, 2, 1), 6.0, None, ""),
        (dt.date(2024, 3, 1), 3.5, None, "New mats"),
        (dt.date(2024, 4, 1), 2.0, None, ""),
    ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).first().changes == {  # type: ignore[union-attr]
        "new": 1,
        "changed": 1,
        "measures": 1,
    }


def test_it_reads_an_excel_upload(
    client_for: ClientFor, staff_user: User, org: Organisation, four_hours: Measure
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Period", "Numerator", "Denominator"])
    sheet.append([dt.datetime(2024, 1, 1), 800, 1000])
    sheet.append([dt.datetime(2024, 2, 1), 820, 1000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("data.xlsx", buffer.getvalue())

    client = client_for(staff_user)
    client.post(upload_url(org, four_hours), {"file": upload})
    confirm(client, org, PendingImport.objects.get())

    assert [p[:3] for p in stored(four_hours)] == [
        (dt.date(2024, 1, 1), 0.8, 1000.0),
        (dt.date(2024, 2, 1), 0.82, 1000.0),
    ]


def test_it_treats_another_organisations_measure_as_unknown(
    client_for: ClientFor, staff_user: User, org: Organisation, other_org: Organisation
) -> None:
    theirs = Measure.objects.create(organisation=other_org, name="Their falls", chart="xmr")
    text = f"measure,period,value\nTheir falls,2024-01-01,4\n{theirs.pk},2024-02-01,5\n"
    response = client_for(staff_user).post(upload_url(org), {"file": csv_file(text)})
    html = response.content.decode()
    assert "Unknown measure “Their falls”" in html
    assert f"Unknown measure “{theirs.pk}”" in html
    assert not DataPoint.objects.exists()
    # Nor can one reach their measure's upload page.
    page = client_for(staff_user).get(upload_url(org, theirs))
    assert page.status_code == 404


def test_it_keeps_outsiders_and_readers_out(
    client_for: ClientFor,
    org: Organisation,
    outsider: User,
    board_user: User,
    staff_user: User,
    falls: Measure,
) -> None:
    for user, status in ((outsider, 404), (board_user, 403)):
        client = client_for(user)
        assert client.get(upload_url(org)).status_code == status
        response = client.post(upload_url(org), {"file": csv_file(GOOD_CSV)})
        assert response.status_code == status
        assert (
            client.get(reverse("imports:import_template", kwargs={"org": org.slug})).status_code
            == status
        )
    assert not PendingImport.objects.exists()
    assert Client().get(upload_url(org)).status_code == 302  # to the sign-in page


@pytest.mark.parametrize("role", [Role.STAFF, Role.COACH, Role.LEADER, Role.ADMIN])
def test_it_lets_every_role_that_enters_data_upload(
    client_for: ClientFor, member_for: Callable[[Role], User], org: Organisation, role: Role
) -> None:
    assert client_for(member_for(role)).get(upload_url(org)).status_code == 200


def test_it_lets_only_the_owner_confirm_a_preview_and_only_within_the_hour(
    client_for: ClientFor,
    staff_user: User,
    coach_user: User,
    outsider: User,
    org: Organisation,
    falls: Measure,
    four_hours: Measure,
) -> None:
    pending = preview(client_for(staff_user), org, GOOD_CSV)
    assert pending is not None
    url = reverse("imports:import_confirm", kwargs={"org": org.slug, "pending_id": pending.pk})

    response = client_for(coach_user).post(url)
    assert "This preview is no longer available" in response.content.decode()
    assert client_for(outsider).post(url).status_code == 404
    assert not DataPoint.objects.exists()

    PendingImport.objects.update(created_at=timezone.now() - PENDING_LIFETIME * 2)
    response = client_for(staff_user).post(url)
    assert "This preview is no longer available" in response.content.decode()
    assert not DataPoint.objects.exists()


def test_it_refuses_files_that_are_not_spreadsheets(
    client_for: ClientFor, staff_user: User, org: Organisation
) -> None:
    client = client_for(staff_user)
    response = client.post(upload_url(org), {"file": csv_file("hello", name="notes.txt")})
    assert "The file must be a CSV (.csv) or Excel (.xlsx) file" in response.content.decode()
    broken = SimpleUploadedFile("data.xlsx", b"PK\x03\x04 broken")
    response = client.post(upload_url(org), {"file": broken})
    assert "could not be read as an Excel (.xlsx) workbook" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_it_lists_many_problems_by_kind_and_page(
    client_for: ClientFor, staff_user: User, org: Organisation, falls: Measure
) -> None:
    rows = "".join(f"Falls,2024-01-{day:02d},x\n" for day in range(1, 29))
    rows += "".join(f"Nope,2023-{month:02d}-01,1\n" for month in range(1, 13)) * 10
    response = client_for(staff_user).post(
        upload_url(org), {"file": csv_file("measure,period,value\n" + rows)}
    )
    html = response.content.decode()
    assert "The file has 148 problems" in html
    assert "Unknown measure: 120 rows" in html
    assert "Non-numeric value: 28 rows" in html
    assert "Problems on rows 2 to 101" in html
    assert "Problems on rows 102 to 149" in html


def test_it_is_linked_from_the_measures_pages_for_those_who_enter_data(
    client_for: ClientFor, staff_user: User, board_user: User, org: Organisation, falls: Measure
) -> None:
    pages = [
        (reverse("measures:measure_list", kwargs={"org": org.slug}), upload_url(org)),
        (
            reverse("measures:measure_detail", kwargs={"org": org.slug, "pk": falls.pk}),
            upload_url(org, falls),
        ),
    ]
    for page, link in pages:
        assert f'href="{link}"' in client_for(staff_user).get(page).content.decode()
        assert f'href="{link}"' not in client_for(board_user).get(page).content.decode()

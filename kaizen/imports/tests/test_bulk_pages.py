"""The long-table pages: a published file from upload to charts, refused or split by ODS code."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.imports.models import BulkImportJob, ImportSource, PendingBulkImport
from kaizen.measures.models import DataPoint, Measure
from kaizen.testing import published_file

ClientFor = Callable[[User], Client]
NHSE = {
    "series": "org_code, measure",
    "period": "period",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "organisation": "org_code",
    "organisation_name": "org_name",
    "publisher": "nhse",
}
TWO_TRUSTS = (
    "org_code,org_name,measure,period,value,numerator,denominator\n"
    "R1,One Trust,beds,2024-01-01,5,,\nR1,One Trust,beds,2024-02-01,7,,\n"
    "R2,Two Trust,beds,2024-01-01,6,,\nR2,Two Trust,beds,2024-02-01,8,,\n"
)


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, immediate_tasks: None) -> object:
    with override_settings(BULK_UPLOAD_DIR=tmp_path / "bulk"):
        yield


def url(org: Organisation) -> str:
    return reverse("imports:import_bulk", kwargs={"org": org.slug})


def upload(
    client: Client, org: Organisation, data: bytes, name: str = "published.csv", **fields: str
) -> str:
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = client.post(url(org), {"file": file, **fields})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client: Client, org: Organisation, **fields: str) -> str:
    """Confirm the preview, and read the job's page once the worker has run it."""
    pending = PendingBulkImport.objects.get()
    target = reverse(
        "imports:import_bulk_confirm", kwargs={"org": org.slug, "pending_id": pending.pk}
    )
    # The job goes to the task worker once it is committed: in a test, at the end of this block.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(target, fields)
    job = BulkImportJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "imports:import_bulk_job", kwargs={"org": org.slug, "job_id": job.pk}
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_a_published_file_goes_from_upload_to_charts(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    data = published_file("trust_ae_2021_2025.csv").read_bytes()

    page = upload(client, org, data, only="R0A", save_as="NHS England A&E", **NHSE)

    assert "Check what will be imported" in page and "measures to create" in page
    assert not Measure.objects.exists()  # a preview stores nothing
    page = confirm(client, org, chart="", improvement="decrease")

    assert "Import complete" in page
    measures = Measure.objects.for_organisation(org)
    assert measures.count() == 4
    assert all(m.has_current_snapshot() and m.improvement == "decrease" for m in measures)
    detail = reverse("measures:measure_detail", kwargs={"org": org.slug, "pk": measures[0].pk})
    assert detail in page
    assert client.get(detail).status_code == 200
    assert not PendingBulkImport.objects.exists()

    # Next month's file: one click with the saved mapping, nothing new.
    source = ImportSource.objects.get(organisation=org)
    page = upload(client, org, data, source=str(source.pk), only="R0A")
    assert "0 measures to create and 4 to add to" in " ".join(page.split())


def test_a_file_of_several_organisations_is_refused_for_one(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    page = upload(client_for(staff_user), org, TWO_TRUSTS.encode(), **NHSE)

    assert "data for 2 organisations (R1, R2)" in page
    assert "Share the file" not in page  # only installation admins may split
    assert not PendingBulkImport.objects.exists()


def test_an_installation_admin_splits_a_national_file_by_ods_code(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    staff_user.is_superuser = True
    staff_user.save()
    client = client_for(staff_user)

    page = upload(client, org, TWO_TRUSTS.encode(), split="on", create_organisations="on", **NHSE)
    assert "for 2 organisations" in page
    page = confirm(client, org)

    assert "2 new measures (2 new organisations)" in page
    assert set(Organisation.objects.values_list("ods_code__code", flat=True)) == {None, "R1", "R2"}
    assert DataPoint.objects.count() == 4


def test_bad_rows_are_named_and_nothing_is_kept(
    org: Organisation, staff_user: User, client_for: ClientFor, tmp_path: Path
) -> None:
    data = TWO_TRUSTS.replace("2024-02-01,7", "2024-13-01,7").encode()
    page = upload(client_for(staff_user), org, data, only="R1", **NHSE)

    assert "Row 3: “2024-13-01” in period is not a date" in page
    assert not PendingBulkImport.objects.exists()
    assert not list((tmp_path / "bulk").glob("*"))


def workbook(rows: Sequence[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_long_table_goes_in_as_a_csv_file_would(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    header: list[object] = [
        "org_code",
        "org_name",
        "measure",
        "period",
        "value",
        "numerator",
        "denominator",
    ]
    months = [dt.datetime(2024, month, 1) for month in range(1, 13)]
    rows: list[list[object]] = [
        ["R1", "One Trust", "beds", day, 5.5 + n, None, None] for n, day in enumerate(months)
    ]
    bad: list[list[object]] = [*rows[:-1], ["R1", "One Trust", "beds", "soon", 7, None, None]]

    # A bad row is named by its row in the sheet, and nothing is kept.
    page = upload(client, org, workbook([header, *bad]), name="beds.xlsx", **NHSE)
    assert "Row 13: “soon” in period is not a date" in page
    assert not PendingBulkImport.objects.exists()

    page = upload(client, org, workbook([header, *rows]), name="beds.xlsx", **NHSE)
    assert "1 measures to create" in " ".join(page.split())
    assert "Import complete" in confirm(client, org)
    measure = Measure.objects.get(organisation=org)
    assert measure.frequency == "monthly"
    stored = list(measure.datapoints.values_list("period", "value"))
    assert stored == [(day.date(), 5.5 + n) for n, day in enumerate(months)]


def test_a_missing_column_is_a_message_not_a_traceback(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    page = upload(client_for(staff_user), org, b"a,b\n1,2\n", **NHSE)
    assert "The file has no column org_code (series key)" in page


def test_another_organisations_pending_import_is_not_found(
    org: Organisation,
    staff_user: User,
    outsider: User,
    other_org: Organisation,
    client_for: ClientFor,
) -> None:
    upload(client_for(staff_user), org, TWO_TRUSTS.encode(), only="R1", **NHSE)
    pending = PendingBulkImport.objects.get()
    target = reverse(
        "imports:import_bulk_confirm", kwargs={"org": other_org.slug, "pending_id": pending.pk}
    )
    page = client_for(outsider).post(target).content.decode()
    assert "no longer available" in page
    assert not Measure.objects.exists()

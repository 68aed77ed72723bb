"""A confirmed long table is imported by the task worker: its page shows real progress (rows
stored, charts drawn) while it runs, then the outcome; all or nothing, every bad row named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.imports import bulk, services
from kaizen.imports.bulk_jobs import bulk_job_run
from kaizen.imports.models import BulkImportJob, PendingBulkImport
from kaizen.imports.progress import progress_file, progress_writer
from kaizen.imports.tests.test_bulk_pages import NHSE, TWO_TRUSTS, confirm, upload
from kaizen.measures.models import DataPoint, Measure

ClientFor = Callable[[User], Client]
THREE_SERIES = "org_code,org_name,measure,period,value,numerator,denominator\n" + "".join(
    f"R1,One Trust,{name},2024-0{month}-01,{month + 4},,\n"
    for name in ("beds", "cots", "chairs")
    for month in (1, 2)
)


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, immediate_tasks: None) -> object:
    with override_settings(BULK_UPLOAD_DIR=tmp_path / "bulk"):
        yield


def job_url(job: BulkImportJob) -> str:
    return reverse(
        "imports:import_bulk_job", kwargs={"org": job.organisation.slug, "job_id": job.pk}
    )


def test_the_worker_imports_the_file_and_the_page_shows_each_step(
    org: Organisation,
    staff_user: User,
    client_for: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small batches (whole series), so that three series of two rows make two steps.
    monkeypatch.setattr(bulk, "BATCH_ROWS", 4)
    steps: list[tuple[str, int, int]] = []

    def recording(path: Path) -> Callable[[str, int, int], None]:
        write = progress_writer(path)

        def step(stage: str, done: int, total: int) -> None:
            write(stage, done, total)
            # What the progress page would read at this moment.
            page = client.get(job_url(BulkImportJob.objects.get()), headers={"HX-Request": "true"})
            assert f'value="{done}"' in page.content.decode() or not total
            steps.append((stage, done, total))

        return step

    monkeypatch.setattr("kaizen.imports.bulk_jobs.progress_writer", recording)
    client = client_for(staff_user)
    upload(client, org, THREE_SERIES.encode(), **NHSE)

    page = confirm(client, org)

    assert steps == [
        ("checking", 0, 0),
        ("checking", 6, 6),
        ("importing", 4, 6),
        ("importing", 6, 6),
    ]
    assert "Import complete" in page and "3 new measures" in page
    assert "hx-get" not in page  # finished: no more polling
    assert DataPoint.objects.filter(measure__organisation=org).count() == 6
    job = BulkImportJob.objects.get()
    assert job.status == "done" and job.finished_at is not None
    assert not Path(job.path).exists() and not progress_file(Path(job.path)).exists()


def test_a_running_job_polls_its_own_progress(
    org: Organisation, staff_user: User, client_for: ClientFor, tmp_path: Path
) -> None:
    path = tmp_path / "national.csv"
    job = BulkImportJob.objects.create(
        organisation=org, owner=staff_user, path=str(path), filename="national.csv"
    )
    client = client_for(staff_user)
    assert "The import will start in a moment" in client.get(job_url(job)).content.decode()

    job.status = BulkImportJob.Status.RUNNING
    job.save()
    progress_writer(progress_file(path))("importing", 120_000, 300_000)
    page = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()

    assert (
        "Step 2 of 2: storing the rows and drawing their charts. 120,000 of 300,000 rows done."
        in " ".join(page.split())
    )
    assert 'max="300000" value="120000"' in page
    assert f'hx-get="{job_url(job)}"' in page and "<html" not in page


def test_a_failure_midway_imports_nothing_and_says_so(
    org: Organisation,
    staff_user: User,
    client_for: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("the database went away")

    # The rows are stored by then: the charts fail, and the whole import is undone.
    monkeypatch.setattr(services, "measures_refresh", broken)
    client = client_for(staff_user)
    upload(client, org, THREE_SERIES.encode(), **NHSE)

    page = confirm(client, org)

    assert "Nothing has been imported" in page and "nothing was imported" in page
    assert not Measure.objects.exists() and not DataPoint.objects.exists()
    job = BulkImportJob.objects.get()
    assert job.status == "failed" and not Path(job.path).exists()


def test_rows_gone_bad_since_the_preview_are_named(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    upload(client, org, TWO_TRUSTS.encode(), only="R1", **NHSE)
    pending = PendingBulkImport.objects.get()
    Path(pending.path).write_text(TWO_TRUSTS.replace("2024-02-01,7", "2024-13-01,7"))

    # The confirmation re-checks the file and refuses it at once, before any job.
    confirm_page = client.post(
        reverse("imports:import_bulk_confirm", kwargs={"org": org.slug, "pending_id": pending.pk})
    ).content.decode()
    assert "Row 3: “2024-13-01” in period is not a date" in confirm_page
    assert not BulkImportJob.objects.exists()

    # A file changed after the job was handed over is named by the job, row by row.
    job = BulkImportJob.objects.create(
        organisation=org,
        owner=staff_user,
        path=pending.path,
        filename="published.csv",
        mapping=pending.mapping,
        only=pending.only,
    )
    assert bulk_job_run(job_id=job.pk) == "failed"
    page = client.get(job_url(job)).content.decode()
    assert "Row 3: “2024-13-01” in period is not a date" in page
    assert "Nothing has been imported" in page
    assert not DataPoint.objects.exists()


def test_a_job_runs_once(org: Organisation, staff_user: User, client_for: ClientFor) -> None:
    client = client_for(staff_user)
    upload(client, org, TWO_TRUSTS.encode(), only="R1", **NHSE)
    confirm(client, org)
    job = BulkImportJob.objects.get()

    # A retried task finds the job finished and imports nothing again.
    assert bulk_job_run(job_id=job.pk) == "done"
    assert DataPoint.objects.count() == 2


def test_only_its_owner_in_its_organisation_sees_a_job(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    admin_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    job = BulkImportJob.objects.create(
        organisation=org, owner=staff_user, path="/nowhere.csv", filename="mine.csv"
    )
    assert client_for(staff_user).get(job_url(job)).status_code == 200
    # Another manager of the organisation: the job is its owner's, as the preview was.
    assert client_for(admin_user).get(job_url(job)).status_code == 404
    elsewhere = reverse("imports:import_bulk_job", kwargs={"org": other_org.slug, "job_id": job.pk})
    assert client_for(outsider).get(elsewhere).status_code == 404

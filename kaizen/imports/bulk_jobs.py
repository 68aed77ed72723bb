"""A confirmed long-table import run by the task worker, so that a national file of hundreds of
thousands of rows is not held inside one web request, while its owner watches real progress.

The job re-reads and re-checks the file (the database may have changed since the preview), then
imports it in one transaction exactly as bulk_import does inline: all or nothing, every bad row
named. What became of it is kept on the job; the file and its progress file are deleted.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Organisation
from kaizen.imports.bulk import (
    BulkRefused,
    BulkResult,
    NewMeasures,
    bulk_import,
    bulk_preview,
)
from kaizen.imports.longtable import ColumnMapping, LongTableError
from kaizen.imports.models import BulkImportJob, PendingBulkImport
from kaizen.imports.progress import Step, progress_file, progress_read, progress_writer

logger = logging.getLogger(__name__)

# The job keeps this many of the bad rows, and links to this many of the measures imported.
KEPT = 200


def bulk_job_start(*, pending: PendingBulkImport, new: NewMeasures) -> BulkImportJob:
    """Turn a confirmed preview into a job for the task worker; the file moves to the job."""
    # Imported here: kaizen.activity's tasks module registers a signal receiver on import.
    from kaizen.activity.tasks import run_job

    with transaction.atomic():
        job = BulkImportJob.objects.create(
            organisation=pending.organisation,
            owner=pending.owner,
            path=pending.path,
            filename=pending.filename,
            mapping=pending.mapping,
            only=pending.only,
            split=pending.split,
            create_organisations=pending.create_organisations,
            new_measures={"chart": new.chart, "improvement": new.improvement},
        )
        pending.delete()
        # Once the job is committed, or the worker could look for it before it exists.
        transaction.on_commit(
            lambda: run_job.enqueue(
                path="kaizen.imports.bulk_jobs.bulk_job_run",
                kwargs={"job_id": job.pk},
                organisation_id=job.organisation_id,
            )
        )
    return job


def bulk_job_run(*, job_id: int) -> str:
    """Run a queued job to its end; returns its status. A job already started or finished is
    left alone: a retried task must not import a file twice."""
    claimed = BulkImportJob.objects.filter(pk=job_id, status=BulkImportJob.Status.QUEUED).update(
        status=BulkImportJob.Status.RUNNING
    )
    job = BulkImportJob.objects.select_related("organisation", "owner").get(pk=job_id)
    if not claimed:
        return job.status
    path = Path(job.path)
    try:
        _run(job, path)
    except (LongTableError, BulkRefused) as error:
        _finish(job, BulkImportJob.Status.FAILED, message=str(error))
    except Exception:
        # Rolled back whole: say so, and keep the details for the installation's admins.
        logger.exception("Bulk import job %s failed", job.pk)
        _finish(
            job,
            BulkImportJob.Status.FAILED,
            message="Something went wrong while importing the file, and nothing was imported. "
            "Try again; if it happens again, tell your Kaizen administrator.",
        )
    finally:
        path.unlink(missing_ok=True)
        progress_file(path).unlink(missing_ok=True)
    return job.status


def _run(job: BulkImportJob, path: Path) -> None:
    progress = progress_writer(progress_file(path))
    progress("checking", 0, 0)
    mapping = ColumnMapping.from_json(job.mapping)
    preview = bulk_preview(
        organisation=None if job.split else job.organisation,
        path=path,
        mapping=mapping,
        only_orgs=job.only,
        create_organisations=job.create_organisations,
    )
    progress("checking", preview.table.rows, preview.table.rows)
    if preview.problems:
        _finish(
            job,
            BulkImportJob.Status.FAILED,
            message="The file has changed, or the measures have, since it was checked.",
            problems=[[problem.row, problem.message] for problem in preview.problems[:KEPT]],
            problem_count=len(preview.problems),
        )
        return
    result = bulk_import(
        preview=preview,
        by=job.owner,
        mapping=mapping,
        source=job.filename,
        new=NewMeasures(**job.new_measures),
        progress=progress,
    )
    _finish(job, BulkImportJob.Status.DONE, result=result_json(result, job.organisation))


def result_json(result: BulkResult, organisation: Organisation) -> dict[str, Any]:
    """The counts the page shows, and the first measures of the job's own organisation (a
    national file's other organisations are reached through their own pages)."""
    return {
        "created": result.created,
        "organisations_created": result.organisations_created,
        "new": result.new,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "measures": [list(one) for one in result.measures.get(organisation.pk, [])],
    }


def _finish(job: BulkImportJob, status: str, **fields: Any) -> None:
    for name, value in {"status": status, **fields}.items():
        setattr(job, name, value)
    job.finished_at = timezone.now()
    job.save()


def bulk_job_progress(job: BulkImportJob) -> Step | None:
    """How far a running job has gone (None while it waits, or once it has finished)."""
    if job.finished:
        return None
    return progress_read(progress_file(Path(job.path)))

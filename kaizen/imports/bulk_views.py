"""The bulk import pages: upload a long table with its column mapping, see the measures it will
create and add to, change the new ones in bulk, then import it all or nothing.

The uploaded file is streamed to disk by Django (never read whole into memory), moved into
BULK_UPLOAD_DIR until the preview is confirmed, then imported by the task worker
(kaizen.imports.bulk_jobs) while the job's page shows how far it has gone.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.imports.bulk import BulkPreview, BulkRefused, NewMeasures, bulk_preview, source_save
from kaizen.imports.bulk_jobs import KEPT, bulk_job_progress, bulk_job_start
from kaizen.imports.forms import BulkUploadForm, NewMeasuresForm
from kaizen.imports.longtable import ColumnMapping, LongTableError
from kaizen.imports.models import BulkImportJob, PendingBulkImport
from kaizen.measures.models import WEEKDAYS

# The preview lists this many of the measures to create and of the problems; counts cover all.
SHOWN = 200


@org_member_required(Capability.MANAGE_MEASURES)
def bulk_upload(request: OrgRequest) -> HttpResponse:
    _forget_expired()
    form = BulkUploadForm(
        request.POST or None, request.FILES or None, organisation=request.organisation
    )
    context = _context(request, form)
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        split = _may_split(request) and bool(request.POST.get("split"))
        pending = PendingBulkImport(
            organisation=request.organisation,
            owner=request.user,
            path=str(_keep(form.cleaned_data["file"])),
            filename=(form.cleaned_data["file"].name or "upload.csv")[:255],
            mapping=mapping.as_json(),
            only=form.only_codes(),
            split=split,
            create_organisations=split and bool(request.POST.get("create_organisations")),
        )
        preview = _preview(pending, form)
        if preview is not None and not preview.problems:
            pending.save()
            if name := form.cleaned_data["save_as"].strip():
                source_save(organisation=request.organisation, name=name, mapping=mapping)
        else:
            Path(pending.path).unlink(missing_ok=True)
        context |= {"preview": preview, "pending": pending}
    return _render(request, context)


def _context(request: OrgRequest, form: BulkUploadForm) -> dict[str, Any]:
    """Every name the page's templates read (they are strict), at its empty value."""
    return {
        "form": form,
        "preview": None,
        "pending": None,
        "new_form": NewMeasuresForm(),
        "expired": False,
        "shown": SHOWN,
        "weekdays": WEEKDAYS,
        "may_split": _may_split(request),
    }


def _may_split(request: OrgRequest) -> bool:
    # Sharing a national file among organisations writes to organisations the person may not
    # belong to: only an installation admin may.
    return bool(request.user.is_superuser)


def _keep(upload: UploadedFile[bytes]) -> Path:
    """The upload on disk, copied chunk by chunk (Django has already streamed a large one to a
    temporary file), under a name of our own: never the name the browser sent."""
    directory = Path(settings.BULK_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}.csv"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _preview(pending: PendingBulkImport, form: BulkUploadForm | None) -> BulkPreview | None:
    try:
        return bulk_preview(
            organisation=None if pending.split else pending.organisation,
            path=Path(pending.path),
            mapping=ColumnMapping.from_json(pending.mapping),
            only_orgs=pending.only,
            create_organisations=pending.create_organisations,
        )
    except (LongTableError, BulkRefused) as error:
        if form is not None:
            form.add_error(None, str(error))
        return None


@org_member_required(Capability.MANAGE_MEASURES)
@require_POST
def bulk_confirm(request: OrgRequest, pending_id: int) -> HttpResponse:
    pending = (
        PendingBulkImport.objects.live()
        .filter(pk=pending_id, owner=request.user, organisation=request.organisation)
        .first()
    )
    form = BulkUploadForm(organisation=request.organisation)
    context = _context(request, form)
    if pending is None:
        return _render(request, context | {"expired": True})
    new_form = NewMeasuresForm(request.POST)
    preview = _preview(pending, form)
    if preview is None or preview.problems or not new_form.is_valid():
        # Changed on disk or in the database since the preview: show what is wrong now.
        context |= {"preview": preview, "pending": pending, "new_form": new_form}
        return _render(request, context)
    # The worker checks the file once more and imports it; this request only hands it over,
    # letting its own reading go first (a national file's is hundreds of megabytes, and a
    # worker running tasks in this process would read it again beside it).
    del preview
    job = bulk_job_start(pending=pending, new=NewMeasures(**new_form.cleaned_data))
    if request.htmx:
        return _job_render(request, job)
    return redirect("imports:import_bulk_job", org=request.organisation.slug, job_id=job.pk)


@org_member_required(Capability.MANAGE_MEASURES)
def bulk_job(request: OrgRequest, job_id: int) -> HttpResponse:
    """The job's progress, polled by HTMX until it has finished, then what became of it."""
    job = get_object_or_404(
        BulkImportJob, pk=job_id, owner=request.user, organisation=request.organisation
    )
    return _job_render(request, job)


def _job_render(request: OrgRequest, job: BulkImportJob) -> HttpResponse:
    context = {"job": job, "step": bulk_job_progress(job), "kept": KEPT}
    template = "imports/_bulk_job.jinja" if request.htmx else "imports/bulk_job.jinja"
    return render(request, template, context)


def _render(request: OrgRequest, context: dict[str, Any]) -> HttpResponse:
    template = "imports/_bulk_area.jinja" if request.htmx else "imports/bulk.jinja"
    return render(request, template, context)


def _forget_expired() -> None:
    for pending in PendingBulkImport.objects.expired():
        Path(pending.path).unlink(missing_ok=True)
        pending.delete()

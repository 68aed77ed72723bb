"""The bulk import pages: upload a long table with its column mapping, see the measures it will
create and add to, change the new ones in bulk, then import it all or nothing.

The uploaded file is streamed to disk by Django (never read whole into memory), moved into
BULK_UPLOAD_DIR until the preview is confirmed, and read again, column by column, on confirmation.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.imports.bulk import (
    BulkPreview,
    BulkRefused,
    NewMeasures,
    bulk_import,
    bulk_preview,
    source_save,
)
from kaizen.imports.forms import BulkUploadForm, NewMeasuresForm
from kaizen.imports.longtable import ColumnMapping, LongTableError
from kaizen.imports.models import PendingBulkImport
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
        "result": None,
        "imported": None,
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
    result = bulk_import(
        preview=preview,
        by=request.user,
        mapping=ColumnMapping.from_json(pending.mapping),
        source=pending.filename,
        new=NewMeasures(**new_form.cleaned_data),
    )
    Path(pending.path).unlink(missing_ok=True)
    pending.delete()
    return _render(request, context | {"result": result, "imported": preview})


def _render(request: OrgRequest, context: dict[str, Any]) -> HttpResponse:
    template = "imports/_bulk_area.jinja" if request.htmx else "imports/bulk.jinja"
    return render(request, template, context)


def _forget_expired() -> None:
    for pending in PendingBulkImport.objects.expired():
        Path(pending.path).unlink(missing_ok=True)
        pending.delete()

"""Upload pages: choose a file, see what it would change, then import it.

The form posts with HTMX so that a large file shows its progress and the preview appears in
place; without JavaScript the same views render whole pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required, require
from kaizen.accounts.roles import Capability
from kaizen.imports.checks import COLUMNS
from kaizen.imports.forms import UploadForm
from kaizen.imports.models import PendingImport
from kaizen.imports.services import upload_import, upload_preview
from kaizen.imports.tables import UnreadableFile
from kaizen.measures.csv_export import csv_response
from kaizen.measures.models import Measure
from kaizen.measures.permissions import can_enter_data, require_data_entry
from kaizen.measures.services import refuse_computed
from kaizen.web import error_text
from kaizen_spc.types import RATIO_CHARTS

# A preview lists every problem, a page at a time.
PROBLEMS_PER_PAGE = 100
PREVIEW_ROWS = 10


@org_member_required(Capability.ENTER_DATA)
def upload(request: OrgRequest) -> HttpResponse:
    return _upload(request, only=None)


@org_member_required(Capability.ENTER_DATA)
def upload_measure(request: OrgRequest, measure_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    try:
        # A computed measure's data is Kaizen's own: say so, rather than call its rows unknown.
        refuse_computed(measure)
    except ValidationError as error:
        raise PermissionDenied(error_text(error)) from error
    require_data_entry(request, measure)
    return _upload(request, only=measure)


def _measure(request: OrgRequest, measure_id: int) -> Measure:
    measures = Measure.objects.for_organisation(request.organisation)
    return get_object_or_404(measures, pk=measure_id)


def _upload(request: OrgRequest, *, only: Measure | None) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = upload_preview(
                organisation=request.organisation,
                owner=request.user,
                data=upload.read(),
                filename=upload.name,
                only=only,
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
    context = {
        "form": form,
        "only": only,
        "preview": preview,
        "expired": False,
        "problems_per_page": PROBLEMS_PER_PAGE,
        "preview_rows": PREVIEW_ROWS,
        "action": request.path,
    }
    template = "imports/_upload_area.jinja" if request.htmx else "imports/upload.jinja"
    return render(request, template, context)


@org_member_required(Capability.ENTER_DATA)
@require_POST
def confirm(request: OrgRequest, pending_id: int) -> HttpResponse:
    pending = (
        PendingImport.objects.live()
        .filter(pk=pending_id, owner=request.user, organisation=request.organisation)
        .select_related("measure", "organisation")
        .first()
    )
    if pending is None:
        context: dict[str, object] = {
            "expired": True,
            "preview": None,
            "only": None,
            "action": _upload_url(request, None),
            "form": UploadForm(),
        }
        template = "imports/_upload_area.jinja" if request.htmx else "imports/upload.jinja"
        return render(request, template, context)
    only = pending.measure
    _require_entry_for_every_measure(request, pending)
    try:
        changes = upload_import(pending=pending, by=request.user)
    except ValidationError as error:
        # Values entered since the preview can take a measure over its limit of points.
        messages.error(request, error.messages[0])
        return redirect(_upload_url(request, only))
    if request.htmx:
        imported = {"changes": changes, "only": only, "action": _upload_url(request, only)}
        return render(request, "imports/_imported.jinja", imported)
    messages.success(
        request, f"Imported {changes.new} new and {changes.changed} changed data points."
    )
    return redirect(_upload_url(request, only))


def _require_entry_for_every_measure(request: OrgRequest, pending: PendingImport) -> None:
    """An upload writes only to measures whose figures the person may enter (their owner's or
    data-entry group's, kaizen/measures/permissions.py); naming any other refuses the whole file."""
    touched = {row.measure_id for row in pending.decoded_rows()}
    refused = [
        measure.name
        for measure in Measure.objects.filter(pk__in=touched).select_related("unit")
        if not can_enter_data(request.membership, measure)
    ]
    require(
        not refused,
        "Nothing was imported: only a measure's owner and its data-entry group can add its "
        f"figures, and you are in neither for {', '.join(sorted(refused))}.",
    )


def _upload_url(request: OrgRequest, only: Measure | None) -> str:
    slug = request.organisation.slug
    if only is None:
        return reverse("imports:import_upload", kwargs={"org": slug})
    return reverse("imports:import_upload_measure", kwargs={"org": slug, "measure_id": only.pk})


@org_member_required(Capability.ENTER_DATA)
@require_GET
def template(request: OrgRequest) -> HttpResponse:
    """A CSV to fill in: the headings and an example row for each kind of measure, named after
    the organisation's own measures where it has them."""
    measures = Measure.objects.for_organisation(request.organisation)
    single = measures.exclude(chart__in=RATIO_CHARTS).first()
    ratio = measures.filter(chart__in=RATIO_CHARTS).first()
    rows = [
        [single.name if single else "Falls per 1,000 bed days", "2024-03-01", "4.2", "", "", ""],
        [ratio.name if ratio else "Seen within 4 hours", "01/03/2024", "", "812", "1040", "Note"],
    ]
    return _template_csv("kaizen-upload-template.csv", [*COLUMNS], rows)


@org_member_required(Capability.ENTER_DATA)
@require_GET
def template_measure(request: OrgRequest, measure_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    if measure.is_ratio:
        header, example = (
            ["period", "numerator", "denominator", "note"],
            ["2024-03-01", "812", "1040"],
        )
    else:
        header, example = ["period", "value", "note"], ["2024-03-01", "4.2"]
    return _template_csv(f"kaizen-upload-measure-{measure.pk}.csv", header, [[*example, ""]])


def _template_csv(filename: str, header: list[str], rows: list[list[str]]) -> HttpResponse:
    return csv_response(filename, [header, *rows])

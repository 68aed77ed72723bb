"""Measures: definitions, the chart and its data, CSV export, and the board's summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from kaizen.accounts.permissions import OrgRequest, is_steward, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.measures import icons, services
from kaizen.measures.advice import advice_accept, advice_dismiss, advice_for
from kaizen.measures.charts import chart_data, notes_by_period
from kaizen.measures.csv_export import csv_response
from kaizen.measures.forms import AnnotationForm, DataPointForm, MeasureFilterForm, MeasureForm
from kaizen.measures.gaps import missing_periods
from kaizen.measures.models import Annotation, DataPoint, Measure, MeasureQuerySet
from kaizen.measures.pdf import summary_pdf
from kaizen.measures.permissions import (
    can_define,
    can_enter_data,
    require_data_entry,
    require_define,
)
from kaizen.measures.reading import reading
from kaizen.measures.summary import SummaryRow, export_rows, summary_page, summary_rows
from kaizen.measures.window import window
from kaizen.web import add_errors, error_text, post_action
from kaizen_spc.summary import GAP_WARNING_START


def _is_htmx(request: OrgRequest) -> bool:
    # django-htmx's middleware sets request.htmx; OrgRequest does not declare it.
    return bool(getattr(request, "htmx", False))


def _measure(request: OrgRequest, pk: int) -> Measure:
    return get_object_or_404(Measure.objects.for_organisation(request.organisation), pk=pk)


def _filters(
    request: OrgRequest, *, board: bool = False
) -> tuple[MeasureFilterForm, dict[str, Any]]:
    """The filter form and its valid values; a filter that does not validate (for example
    another organisation's unit) is ignored rather than trusted."""
    form = MeasureFilterForm(request.GET or None, organisation=request.organisation, board=board)
    return form, (form.cleaned_data if form.is_valid() else {})


def _filtered(
    request: OrgRequest, values: dict[str, Any], *, board: bool = False
) -> MeasureQuerySet:
    measures = Measure.objects.for_organisation(request.organisation)
    if board and values.get("reach") != "all":
        measures = measures.filter(on_board=True)
    return measures.filtered(
        unit=values.get("unit"),
        value_stream=values.get("value_stream"),
        kind=values.get("kind") or "",
        frequency=values.get("frequency") or "",
        variation=values.get("variation") or "",
        search=values.get("q") or "",
    )


@org_member_required(Capability.VIEW)
def measure_list(request: OrgRequest) -> HttpResponse:
    filters, values = _filters(request)
    measures = _filtered(request, values)
    page = summary_page(measures, sort="name", number=request.GET.get("page"))
    return render(
        request,
        "measures/list.jinja",
        {
            "filters": filters,
            "rows": page.rows,
            "page": page,
            "icons": icons,
            "can_manage": request.membership.can(Capability.MANAGE_MEASURES),
        },
    )


@org_member_required(Capability.MANAGE_MEASURES)
def measure_create(request: OrgRequest) -> HttpResponse:
    form = MeasureForm(
        request.POST or None,
        organisation=request.organisation,
        steward=is_steward(request.membership),
    )
    if form.is_valid():
        try:
            measure = services.measure_create(
                organisation=request.organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Created the measure “{measure.name}”")
            return redirect("measures:measure_detail", org=request.organisation.slug, pk=measure.pk)
    return render(request, "measures/form.jinja", {"form": form, "measure": None})


@org_member_required(Capability.MANAGE_MEASURES)
def measure_edit(request: OrgRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    _refuse_computed(measure)
    require_define(request, measure)
    form = MeasureForm(
        request.POST or None,
        instance=measure,
        organisation=request.organisation,
        steward=is_steward(request.membership),
    )
    if form.is_valid():
        try:
            services.measure_update(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved the measure “{measure.name}”")
            return redirect("measures:measure_detail", org=request.organisation.slug, pk=measure.pk)
    # A refused form must not leave the half-applied values on the page's measure.
    measure.refresh_from_db()
    return render(request, "measures/form.jinja", {"form": form, "measure": measure})


def _refuse_computed(measure: Measure) -> None:
    # The pages offer no editing of a computed measure; a typed-in address gets the reason.
    try:
        services.refuse_computed(measure)
    except ValidationError as error:
        raise PermissionDenied(error_text(error)) from error


@org_member_required(Capability.VIEW)
def measure_detail(request: OrgRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    initial = _edit_initial(measure, request.GET.get("edit", ""))
    context = _chart_context(
        request,
        measure,
        point_form=DataPointForm(initial=initial, measure=measure),
        before=_date(request.GET.get("before", "")),
    )
    template = "measures/_live.jinja" if _is_htmx(request) else "measures/detail.jinja"
    return render(request, template, context)


def _date(text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError:  # well formed but not a real date, e.g. 2024-02-30
        return None


def _edit_initial(measure: Measure, period: str) -> dict[str, Any]:
    """The form's starting values when a data point's "Change" link was followed."""
    day = _date(period)
    point = measure.datapoints.filter(period=day).first() if day else None
    if point is None:
        return {"period": timezone.localdate()}
    return {
        "period": point.period,
        "value": point.value,
        "numerator": point.numerator,
        "denominator": point.denominator,
        "note": point.note,
        "replace": True,
    }


def _chart_context(
    request: OrgRequest,
    measure: Measure,
    *,
    point_form: DataPointForm | None = None,
    annotation_form: AnnotationForm | None = None,
    saved: str = "",
    before: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the chart, its reading and the data table need; shared by the page and by
    the HTMX responses that replace that part of it after each change. A long series is drawn
    a window at a time (``before`` pages back); the SPC result is always the whole series'."""
    result = measure.spc_result()
    shown = window(result, before=before)
    datapoints = (
        list(measure.datapoints.filter(period__range=(shown.first, shown.last)))
        if shown.points
        else []
    )
    annotations = list(measure.annotations.all())
    marked = [note for note in annotations if shown.shows(note.period)]
    points_by_period = {point.period: point for point in shown.points}
    return {
        "measure": measure,
        "result": result,
        "window": shown,
        "summary": result.summary,
        # The missing periods are listed at the measure's own frequency, named as it names them,
        # in place of kaizen_spc's warning (which can only infer the frequency).
        "warnings": [w for w in result.summary.warnings if not w.startswith(GAP_WARNING_START)],
        "missing": [
            measure.period_label(day)
            for day in missing_periods(measure, [point.period for point in result.points])
        ],
        "chart": chart_data(measure, shown.result, marked, notes_by_period(datapoints)),
        "reading": reading(measure, result),
        "advice": advice_for(measure, result),
        "rows": [(point, points_by_period.get(point.period)) for point in reversed(datapoints)],
        "annotations": annotations,
        "changes": [note for note in annotations if note.marks_a_change],
        "icons": icons,
        # The controls show only to those the measure's rules let change it; a computed
        # measure takes no data by hand (services.refuse_computed says why).
        "can_enter": can_enter_data(request.membership, measure) and not measure.computed,
        "can_manage": can_define(request.membership, measure),
        "point_form": point_form
        or DataPointForm(initial={"period": timezone.localdate()}, measure=measure),
        "annotation_form": annotation_form or AnnotationForm(),
        "saved": saved,
    }


def _chart_response(
    request: OrgRequest,
    measure: Measure,
    *,
    point_form: DataPointForm | None = None,
    annotation_form: AnnotationForm | None = None,
    saved: str = "",
) -> HttpResponse:
    """After a change or a refused form: the refreshed chart, data and forms for HTMX; without
    JavaScript, the whole page again with the refused form, or a redirect after success."""
    context = _chart_context(
        request, measure, point_form=point_form, annotation_form=annotation_form, saved=saved
    )
    if _is_htmx(request):
        return render(request, "measures/_live.jinja", context)
    if point_form or annotation_form:
        return render(request, "measures/detail.jinja", context)
    messages.success(request, saved)
    return redirect("measures:measure_detail", org=request.organisation.slug, pk=measure.pk)


@org_member_required(Capability.ENTER_DATA)
@require_POST
def datapoint_save(request: OrgRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    _refuse_computed(measure)
    require_data_entry(request, measure)
    form = DataPointForm(request.POST, measure=measure)
    if not form.is_valid():
        return _chart_response(request, measure, point_form=form)
    values = form.cleaned_data
    existing = DataPoint.objects.filter(measure=measure, period=values["period"]).first()
    if existing and not values["replace"]:
        form.add_error(
            "period",
            f"There is already a value for {measure.period_label(existing.period)} "
            f"({measure.display(existing.plotted_value())}). To change it, tick "
            "“Replace the existing value” and save again.",
        )
        return _chart_response(request, measure, point_form=form)
    try:
        point = services.datapoint_save(
            measure=measure,
            period=values["period"],
            value=values["value"],
            numerator=values["numerator"],
            denominator=values["denominator"],
            note=values["note"],
            by=request.user,
        )
    except ValidationError as error:
        add_errors(form, error)
        return _chart_response(request, measure, point_form=form)
    verb = "Changed" if existing else "Added"
    return _chart_response(
        request, measure, saved=f"{verb} the value for {measure.period_label(point.period)}"
    )


@org_member_required(Capability.ENTER_DATA)
@require_POST
def datapoint_delete(request: OrgRequest, pk: int, point_pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    require_data_entry(request, measure)
    point = get_object_or_404(measure.datapoints, pk=point_pk)
    _refuse_computed(measure)
    services.datapoint_delete(point=point, by=request.user)
    return _chart_response(
        request, measure, saved=f"Deleted the value for {measure.period_label(point.period)}"
    )


@org_member_required(Capability.ENTER_DATA)
@require_POST
def annotation_add(request: OrgRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    require_data_entry(request, measure)
    form = AnnotationForm(request.POST)
    if not form.is_valid():
        return _chart_response(request, measure, annotation_form=form)
    try:
        services.annotation_add(measure=measure, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return _chart_response(request, measure, annotation_form=form)
    return _chart_response(request, measure, saved="Added the annotation")


@org_member_required(Capability.ENTER_DATA)
@require_POST
def annotation_delete(request: OrgRequest, pk: int, annotation_pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    require_data_entry(request, measure)
    annotation = get_object_or_404(Annotation, measure=measure, pk=annotation_pk)
    services.annotation_delete(annotation=annotation, by=request.user)
    return _chart_response(request, measure, saved="Removed the annotation")


@org_member_required(Capability.VIEW)
def measure_export(request: OrgRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    filename = f"measure-{measure.pk}-{timezone.localdate():%Y%m%d}.csv"
    return csv_response(filename, export_rows(measure, measure.spc_result()))


def _summary(request: OrgRequest) -> tuple[MeasureFilterForm, list[SummaryRow], str]:
    filters, values = _filters(request, board=True)
    sort = values.get("sort") or "name"
    return (
        filters,
        summary_rows(_filtered(request, values, board=True).for_summary(), sort=sort),
        sort,
    )


@org_member_required(Capability.VIEW)
def board_summary(request: OrgRequest) -> HttpResponse:
    filters, values = _filters(request, board=True)
    sort = values.get("sort") or "name"
    # A page at a time, sorted over the whole filter: thousands of measures stay readable.
    page = summary_page(
        _filtered(request, values, board=True), sort=sort, number=request.GET.get("page")
    )
    template = "measures/_summary_table.jinja" if _is_htmx(request) else "measures/summary.jinja"
    # Only rows with advice are asked: the owner's check may read the organisation's units.
    may_answer = {
        row.measure.pk
        for row in page.rows
        if row.advice and can_define(request.membership, row.measure)
    }
    context = {
        "filters": filters,
        "rows": page.rows,
        "page": page,
        "sort": sort,
        "icons": icons,
        "may_answer": may_answer,
    }
    return render(request, template, context)


@org_member_required(Capability.VIEW)
def board_summary_pdf(request: OrgRequest) -> HttpResponse:
    _, rows, _ = _summary(request)
    response = HttpResponse(summary_pdf(request, rows), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{request.organisation.slug}-quality-report.pdf"'
    )
    return response


@org_member_required(Capability.MANAGE_MEASURES)
@require_POST
def measure_advice(request: OrgRequest, pk: int) -> HttpResponse:
    """Accept or dismiss one of the chart advisor's suggestions (never applied unasked)."""
    measure = _measure(request, pk)
    require_define(request, measure)
    kind = request.POST.get("kind", "")
    back = reverse("measures:measure_detail", kwargs={"org": request.organisation.slug, "pk": pk})
    if request.POST.get("from") == "summary":
        # Answered on the board summary: back to it.
        back = reverse("measures:board_summary", kwargs={"org": request.organisation.slug})
    if request.POST.get("action") == "accept":
        return post_action(
            request,
            back,
            lambda: advice_accept(measure=measure, by=request.user, kind=kind),
            lambda: f"The chart is now a {measure.get_chart_display()}.",
        )
    return post_action(
        request,
        back,
        lambda: advice_dismiss(measure=measure, by=request.user, kind=kind),
        "Dismissed the suggestion.",
    )

"""The programme pages: the umbrella (all improvement work under the priorities it serves) and
the programme-health indicators. Every member reads them; nothing here writes but the refresh,
which any member may ask for (it only recomputes what the records already say)."""

from __future__ import annotations

from typing import Any

import weasyprint
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.measures import icons
from kaizen.measures.models import Measure
from kaizen.measures.pdf import chart_svg, local_only_fetcher
from kaizen.measures.summary import summary_rows
from kaizen.measures.window import window
from kaizen.programme.forms import PriorityMeasureForm
from kaizen.programme.learning import OUTCOMES, LearningFilterForm, closed_cycles
from kaizen.programme.report import chosen_month, report, report_months
from kaizen.programme.services import all_indicators, indicators_refresh, priority_measure_link
from kaizen.programme.umbrella import umbrella as umbrella_branches
from kaizen.web import add_errors


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def umbrella(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_edit = request.membership.can(Capability.MANAGE_STRATEGY)
    form = PriorityMeasureForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        # Reading is for every member; showing a measure under a priority changes the strategy.
        if not can_edit:
            raise PermissionDenied("Your role cannot change the strategy")
        if form.is_valid():
            try:
                priority_measure_link(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The measure now shows the priority.")
                return redirect("programme:umbrella", org=organisation.slug)
    branches = umbrella_branches(organisation)
    context = {
        "form": form,
        "can_edit": can_edit,
        "icons": icons,
        "branches": branches,
        # The gaps the issue asks to make visible, named rather than left to be spotted.
        "idle": [b.priority for b in branches if b.priority is not None and not b.live],
        "unaligned": next((b for b in branches if b.priority is None), None),
    }
    return render(request, "programme/umbrella.jinja", context)


@org_member_required(Capability.VIEW)
def indicators(request: OrgRequest) -> HttpResponse:
    # The organisation-wide series; each unit's are on the measures list, filtered by unit.
    measures = (
        Measure.objects.for_organisation(request.organisation)
        .exclude(computed="")
        .filter(unit=None)
        .for_summary()
    )
    rows = {row.measure.computed: row for row in summary_rows(measures)}
    context = {"indicators": list(all_indicators().values()), "rows": rows, "icons": icons}
    return render(request, "programme/indicators.jinja", context)


@org_member_required(Capability.VIEW)
@require_POST
def indicators_refresh_now(request: OrgRequest) -> HttpResponse:
    changed = indicators_refresh(organisation=request.organisation)
    messages.success(request, f"Recomputed the indicators: {changed} chart(s) changed.")
    return redirect("programme:indicators", org=request.organisation.slug)


@org_member_required(Capability.VIEW)
def learning(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    form = LearningFilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(closed_cycles(organisation, filters), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "outcomes": OUTCOMES}
    return render(request, "programme/learning.jinja", context)


def _report(request: OrgRequest) -> dict[str, Any]:
    today = timezone.localdate()
    month = chosen_month(request.GET.get("month", ""), today)
    return {
        **report(request.organisation, month),
        "months": report_months(today),
        "icons": icons,
        "outcomes": OUTCOMES,
    }


@org_member_required(Capability.VIEW)
def board_report(request: OrgRequest) -> HttpResponse:
    return render(request, "programme/report.jinja", _report(request))


@org_member_required(Capability.VIEW)
def board_report_pdf(request: OrgRequest) -> HttpResponse:
    context = _report(request)
    # The charts as they stood at the month's end, like the icons above them.
    charts = [
        {"measure": row.measure, "svg": chart_svg(row.measure, window(row.result))}
        for row in (item["row"] for item in context["indicators"])
    ]
    html = render_to_string(
        "programme/report_pdf.jinja", {**context, "charts": charts}, request=request
    )
    document = weasyprint.HTML(string=html, url_fetcher=local_only_fetcher(), base_url="file:///")
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    name = f"{request.organisation.slug}-improvement-report-{context['month']:%Y-%m}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response

"""The Lean tools' editors, each on the record it describes (/o/<org>/lean/<parent>/<pk>/...):
every member reads and prints them; who may change them is the record's own rule (the
project's team, or whoever manages events), from kaizen.projects.lean.parents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import weasyprint
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.activity.models import about
from kaizen.measures.pdf import local_only_fetcher
from kaizen.projects.lean import services, vsm
from kaizen.projects.lean.forms import ControlPlanItemForm, MapStepFormSet, SipocForm
from kaizen.projects.lean.models import ControlPlanItem, MapStep, Sipoc
from kaizen.projects.lean.parents import Parent, parent_for
from kaizen.projects.lean.plan import plan_lines


@dataclass(frozen=True)
class Tools:
    """The record the tools describe, as a page needs it."""

    key: str
    parent: Parent
    record: Any
    can_change: bool

    def url(self, name: str) -> str:
        org = self.record.organisation.slug
        return reverse(
            f"lean:{name}", kwargs={"org": org, "parent": self.key, "pk": self.record.pk}
        )

    def require_change(self) -> None:
        if not self.can_change:
            raise PermissionDenied(self.parent.refusal)

    @property
    def record_url(self) -> str:
        return self.parent.url(self.record)


def _tools(request: OrgRequest, key: str, pk: int) -> Tools:
    parent = parent_for(key)
    record = parent.find(request, pk)
    return Tools(key, parent, record, parent.can_change(request, record))


def _sipoc(tools: Tools) -> Sipoc:
    found = Sipoc.objects.filter(**about(tools.record)).first()
    return found or Sipoc(organisation=tools.record.organisation, target=tools.record)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def sipoc(request: OrgRequest, parent: str, pk: int) -> HttpResponse:
    tools = _tools(request, parent, pk)
    form = SipocForm(request.POST or None, instance=_sipoc(tools))
    if request.method == "POST":
        tools.require_change()
        if form.is_valid():
            url = tools.url("sipoc")
            services.sipoc_save(parent=tools.parent, sipoc=form.instance, by=request.user, url=url)
            messages.success(request, "Saved the SIPOC.")
            return redirect(url)
    return render(request, "lean/sipoc.jinja", {"tools": tools, "form": form})


def _plan_items(tools: Tools) -> Any:
    items = ControlPlanItem.objects.filter(**about(tools.record))
    return items.select_related("measure", "owner")


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def control_plan(request: OrgRequest, parent: str, pk: int) -> HttpResponse:
    tools = _tools(request, parent, pk)
    organisation = request.organisation
    item = ControlPlanItem(organisation=organisation, target=tools.record)
    form = ControlPlanItemForm(request.POST or None, instance=item, organisation=organisation)
    if request.method == "POST":
        tools.require_change()
        if form.is_valid():
            url = tools.url("control_plan")
            services.control_plan_add(parent=tools.parent, item=item, by=request.user, url=url)
            messages.success(request, f"Added {item.measure} to the control plan.")
            return redirect(url)
    context = {"tools": tools, "form": form, "lines": plan_lines(_plan_items(tools))}
    return render(request, "lean/control_plan.jinja", context)


@org_member_required(Capability.VIEW)
@require_POST
def control_plan_remove(request: OrgRequest, parent: str, pk: int, item_id: int) -> HttpResponse:
    tools = _tools(request, parent, pk)
    tools.require_change()
    item = get_object_or_404(_plan_items(tools), pk=item_id)
    url = tools.url("control_plan")
    services.control_plan_remove(parent=tools.parent, item=item, by=request.user, url=url)
    messages.success(request, f"Took {item.measure} off the control plan.")
    return redirect(url)


def _formsets(request: OrgRequest, tools: Tools) -> list[Any]:
    """One formset per state, each of the record's steps in that state plus a blank one."""
    steps = MapStep.objects.filter(**about(tools.record))
    data = request.POST if request.method == "POST" else None
    return [
        MapStepFormSet(
            data,
            prefix=state,
            queryset=steps.filter(state=state),
            form_kwargs={"organisation": request.organisation},
        )
        for state in MapStep.State.values
    ]


def _typed_steps(formsets: list[Any]) -> list[MapStep]:
    """The steps the formsets hold, in order: each valid row's instance carries what was typed.
    A row marked for removal, a row with errors and the blank row left blank are no step."""
    steps = []
    for state, formset in zip(MapStep.State.values, formsets, strict=True):
        for form in formset.forms:
            if not form.is_valid() or not (form.instance.pk or form.has_changed()):
                continue
            if not form.cleaned_data.get("DELETE"):
                form.instance.state = state
                steps.append(form.instance)
    return steps


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def value_stream_map(request: OrgRequest, parent: str, pk: int) -> HttpResponse:
    tools = _tools(request, parent, pk)
    formsets = _formsets(request, tools)
    if request.method == "POST":
        tools.require_change()
        if all(formset.is_valid() for formset in formsets):
            url = tools.url("value_stream_map")
            steps = _typed_steps(formsets)
            services.map_save(
                parent=tools.parent, record=tools.record, steps=steps, by=request.user, url=url
            )
            messages.success(request, "Saved the value-stream map.")
            return redirect(url)
        steps = _typed_steps(formsets)
    else:
        steps = list(MapStep.objects.filter(**about(tools.record)))
    context = {
        "tools": tools,
        "maps": vsm.maps(steps),
        "formsets": zip(MapStep.State.choices, formsets, strict=True),
    }
    return render(request, "lean/vsm.jinja", context)


@org_member_required(Capability.VIEW)
@require_POST
def value_stream_map_preview(request: OrgRequest, parent: str, pk: int) -> HttpResponse:
    """The map as typed so far, drawn while the editor types (HTMX); nothing is saved."""
    tools = _tools(request, parent, pk)
    steps = _typed_steps(_formsets(request, tools))
    return render(request, "lean/_vsm_drawing.jinja", {"maps": vsm.maps(steps)})


PRINTED = {
    "sipoc": "SIPOC",
    "control_plan": "Control plan",
    "value_stream_map": "Value-stream map",
}


@org_member_required(Capability.VIEW)
def tool_pdf(request: OrgRequest, parent: str, pk: int, tool: str) -> HttpResponse:
    """A tool on A4 landscape, for the wall of the team's area or the report-out."""
    tools = _tools(request, parent, pk)
    context = {
        "tools": tools,
        "tool": tool,
        "heading": PRINTED[tool],
        "printed_on": timezone.localdate(),
    }
    if tool == "sipoc":
        context["sipoc"] = _sipoc(tools)
    elif tool == "control_plan":
        context["lines"] = plan_lines(_plan_items(tools))
    else:
        context["maps"] = vsm.maps(list(MapStep.objects.filter(**about(tools.record))))
    html = render_to_string("lean/tool_pdf.jinja", context, request=request)
    document = weasyprint.HTML(string=html, url_fetcher=local_only_fetcher())
    response = HttpResponse(document.write_pdf() or b"", content_type="application/pdf")
    name = f"{tool.replace('_', '-')}-{parent}-{tools.record.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""Organisation admins' pages for the organisation's settings, hierarchy and value streams."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts import services
from kaizen.accounts.forms import OrganisationForm, OrgUnitForm, ValueStreamForm
from kaizen.accounts.models import OrgUnit, ValueStream
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record, save_form

manage = org_member_required(Capability.MANAGE_ORGANISATION)


def _unit_tree(units: list[OrgUnit]) -> list[tuple[int, OrgUnit]]:
    """Units in depth-first order with their depth, for an indented list."""
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[int, OrgUnit]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append((depth, unit))
            visit(unit.pk, depth + 1)

    visit(None, 0)
    return ordered


@manage
@require_http_methods(["GET", "POST"])
def org_settings(request: OrgRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=request.organisation)
    if request.method == "POST" and form.is_valid():
        save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, "Saved the organisation's settings.")
        return redirect("org_settings", org=request.organisation.slug)
    return render(request, "accounts/org_settings.jinja", {"form": form})


@manage
@require_http_methods(["GET", "POST"])
def unit_list(request: OrgRequest) -> HttpResponse:
    form = OrgUnitForm(request.POST or None, instance=OrgUnit(organisation=request.organisation))
    if request.method == "POST" and form.is_valid():
        unit = save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Added {unit}.")
        return redirect("unit_list", org=request.organisation.slug)
    units = list(OrgUnit.objects.for_organisation(request.organisation))
    return render(request, "accounts/unit_list.jinja", {"form": form, "tree": _unit_tree(units)})


@manage
@require_http_methods(["GET", "POST"])
def unit_edit(request: OrgRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.for_organisation(request.organisation), pk=pk)
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Saved {unit}.")
        return redirect("unit_list", org=request.organisation.slug)
    return render(request, "accounts/unit_edit.jinja", {"form": form, "unit": unit})


@manage
@require_POST
def unit_delete(request: OrgRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.for_organisation(request.organisation), pk=pk)
    try:
        services.delete_unit(actor=request.user, unit=unit)
    except services.UnitInUseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Deleted {unit}.")
    return redirect("unit_list", org=request.organisation.slug)


@manage
@require_http_methods(["GET", "POST"])
def value_stream_list(request: OrgRequest) -> HttpResponse:
    blank = ValueStream(organisation=request.organisation)
    form = ValueStreamForm(request.POST or None, instance=blank)
    if request.method == "POST" and form.is_valid():
        stream = save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Added {stream}.")
        return redirect("value_stream_list", org=request.organisation.slug)
    streams = request.organisation.value_streams.all()
    return render(request, "accounts/value_stream_list.jinja", {"form": form, "streams": streams})


@manage
@require_http_methods(["GET", "POST"])
def value_stream_edit(request: OrgRequest, pk: int) -> HttpResponse:
    stream = get_object_or_404(request.organisation.value_streams, pk=pk)
    form = ValueStreamForm(request.POST or None, instance=stream)
    if request.method == "POST" and form.is_valid():
        save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Saved {stream}.")
        return redirect("value_stream_list", org=request.organisation.slug)
    return render(request, "accounts/value_stream_edit.jinja", {"form": form, "stream": stream})


@manage
@require_POST
def value_stream_delete(request: OrgRequest, pk: int) -> HttpResponse:
    stream = get_object_or_404(request.organisation.value_streams, pk=pk)
    record(
        actor=request.user,
        organisation=request.organisation,
        action=AuditEvent.Action.DELETE,
        target=stream,
        changes={"name": [stream.name, None]},
    )
    stream.delete()
    messages.success(request, f"Deleted {stream}.")
    return redirect("value_stream_list", org=request.organisation.slug)

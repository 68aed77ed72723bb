"""Organisation admins' pages for the organisation's settings, hierarchy and value streams."""

from __future__ import annotations

from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from kaizen.accounts import services
from kaizen.accounts.forms import OrganisationForm, OrgUnitForm, ValueStreamForm
from kaizen.accounts.models import OrgUnit, ValueStream
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import announce, save_form

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
        return redirect("organisation:org_settings", org=request.organisation.slug)
    return render(request, "accounts/org_settings.jinja", {"form": form})


@manage
@require_http_methods(["GET", "POST"])
def unit_list(request: OrgRequest) -> HttpResponse:
    form = OrgUnitForm(request.POST or None, instance=OrgUnit(organisation=request.organisation))
    if request.method == "POST" and form.is_valid():
        unit = save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Added {unit}.")
        return redirect("organisation:unit_list", org=request.organisation.slug)
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
        return redirect("organisation:unit_list", org=request.organisation.slug)
    return render(request, "accounts/unit_edit.jinja", {"form": form, "unit": unit})


@manage
@require_http_methods(["GET", "POST"])
def unit_delete(request: OrgRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.for_organisation(request.organisation), pk=pk)
    back = redirect("organisation:unit_list", org=request.organisation.slug)
    if request.method == "GET":
        blocked = f"Move or delete the units under {unit} first." if unit.children.exists() else ""
        return _confirm_delete(request, unit, blocked=blocked, cancel=back.url)
    try:
        services.delete_unit(actor=request.user, unit=unit)
    except services.UnitInUseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Deleted {unit}.")
    return back


@manage
@require_http_methods(["GET", "POST"])
def value_stream_list(request: OrgRequest) -> HttpResponse:
    blank = ValueStream(organisation=request.organisation)
    form = ValueStreamForm(request.POST or None, instance=blank)
    if request.method == "POST" and form.is_valid():
        stream = save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Added {stream}.")
        return redirect("organisation:value_stream_list", org=request.organisation.slug)
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
        return redirect("organisation:value_stream_list", org=request.organisation.slug)
    return render(request, "accounts/value_stream_edit.jinja", {"form": form, "stream": stream})


@manage
@require_http_methods(["GET", "POST"])
def value_stream_delete(request: OrgRequest, pk: int) -> HttpResponse:
    stream = get_object_or_404(request.organisation.value_streams, pk=pk)
    back = redirect("organisation:value_stream_list", org=request.organisation.slug)
    if request.method == "GET":
        return _confirm_delete(request, stream, blocked="", cancel=back.url)
    announce(
        actor=request.user,
        organisation=request.organisation,
        action="delete",
        target=stream,
        changes={"name": [stream.name, None]},
    )
    stream.delete()
    messages.success(request, f"Deleted {stream}.")
    return back


def _detached_by_deleting(target: models.Model) -> list[str]:
    """What would lose its link to ``target`` if it were deleted, e.g. ["3 measures"].

    Read from the model relations, so records of apps added later are counted too.
    """
    found = []
    for relation in target._meta.related_objects:
        if not relation.one_to_many or relation.on_delete is not models.SET_NULL:
            continue
        model = relation.related_model
        count = model._default_manager.filter(**{relation.field.name: target}).count()
        if count:
            meta = model._meta
            found.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
    return found


def _confirm_delete(
    request: OrgRequest, target: models.Model, *, blocked: str, cancel: str
) -> HttpResponse:
    context = {
        "target": target,
        "kind": target._meta.verbose_name,
        "detached": _detached_by_deleting(target),
        "blocked": blocked,
        "cancel": cancel,
    }
    return render(request, "accounts/confirm_delete.jinja", context)

"""The strategy pages: the North Star, the priorities with their objectives cascading to units,
and the programmes. Every member reads them; leaders, coaches and admins change them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from kaizen.accounts.forms import OrgNamedForm
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.strategy import services
from kaizen.strategy.forms import (
    MovePriorityForm,
    NorthStarForm,
    ObjectiveForm,
    PriorityEditForm,
    PriorityForm,
    TagEditForm,
    TagForm,
)
from kaizen.strategy.models import Objective, ProgrammeTag, StrategicPriority
from kaizen.web import add_errors

NAMED_FORMS: dict[str, type[OrgNamedForm]] = {"priority": PriorityForm, "tag": TagForm}
CANNOT_CHANGE = "Your role cannot change the strategy"


def _require_editor(request: OrgRequest) -> None:
    # Reading is for every member; a POST is a change, which needs the capability.
    if not request.membership.can(Capability.MANAGE_STRATEGY):
        raise PermissionDenied(CANNOT_CHANGE)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def strategy(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    forms: dict[str, ModelForm[Any]] = {
        "north_star": NorthStarForm(
            instance=services.north_star_for(organisation), prefix="north_star"
        ),
        **{key: form(prefix=key, organisation=organisation) for key, form in NAMED_FORMS.items()},
    }
    if request.method == "POST":
        _require_editor(request)
        action = request.POST.get("action", "")
        if action not in forms:
            return redirect("strategy:strategy", organisation.slug)
        forms[action] = bound = _bound(request, action, forms["north_star"])
        if bound.is_valid():
            save_form(actor=request.user, organisation=organisation, form=bound)
            messages.success(request, "Saved the strategy.")
            return redirect("strategy:strategy", organisation.slug)
    context = {
        "can_edit": request.membership.can(Capability.MANAGE_STRATEGY),
        "forms": forms,
        "priorities": StrategicPriority.objects.filter(organisation=organisation)
        .select_related("executive_owner")
        .prefetch_related("objectives__unit"),
        "tags": ProgrammeTag.objects.filter(organisation=organisation).select_related("owner"),
    }
    return render(request, "strategy/strategy.jinja", context)


def _bound(request: OrgRequest, action: str, north_star: ModelForm[Any]) -> ModelForm[Any]:
    if action == "north_star":
        return NorthStarForm(request.POST, instance=north_star.instance, prefix=action)
    return NAMED_FORMS[action](request.POST, prefix=action, organisation=request.organisation)


def _priority(request: OrgRequest, pk: int) -> StrategicPriority:
    return get_object_or_404(
        StrategicPriority.objects.filter(organisation=request.organisation), pk=pk
    )


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def priority(request: OrgRequest, pk: int) -> HttpResponse:
    """A priority: its statement and executive owner, and its objectives cascading to units."""
    chosen = _priority(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    edit = PriorityEditForm(
        request.POST if action == "edit" else None,
        instance=chosen,
        organisation=request.organisation,
        prefix="edit",
    )
    objective = ObjectiveForm(
        request.POST if action == "objective" else None, priority=chosen, prefix="objective"
    )
    if action is not None:
        _require_editor(request)
        bound = edit if action == "edit" else objective
        if bound.is_bound and bound.is_valid():
            save_form(actor=request.user, organisation=request.organisation, form=bound)
            messages.success(request, "Saved the priority." if bound is edit else "Added.")
            return redirect("strategy:priority", request.organisation.slug, chosen.pk)
    context = {
        "priority": chosen,
        "can_edit": request.membership.can(Capability.MANAGE_STRATEGY),
        "edit": edit,
        "objective": objective,
        "tree": services.objective_tree(chosen),
        "work": services.aligned_work(chosen),
    }
    return render(request, "strategy/priority.jinja", context)


@org_member_required(Capability.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def priority_delete(request: OrgRequest, pk: int) -> HttpResponse:
    """Deleting a priority with aligned work asks where that work goes, rather than leaving
    projects aligned to nothing."""
    chosen = _priority(request, pk)
    # An empty POST is still a request to delete (a priority with no work needs no choice).
    data = request.POST if request.method == "POST" else None
    form = MovePriorityForm(data, priority=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_delete(
                priority=chosen, by=request.user, move_to=form.cleaned_data["move_to"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Deleted the priority “{chosen}”.")
            return redirect("strategy:strategy", request.organisation.slug)
    context = {"priority": chosen, "form": form, "work": services.aligned_work(chosen)}
    return render(request, "strategy/priority_delete.jinja", context)


def _objective(request: OrgRequest, pk: int) -> Objective:
    return get_object_or_404(
        Objective.objects.filter(organisation=request.organisation).select_related("priority"),
        pk=pk,
    )


@org_member_required(Capability.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def objective_edit(request: OrgRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    form = ObjectiveForm(request.POST or None, instance=objective, priority=objective.priority)
    if request.method == "POST" and form.is_valid():
        save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Saved the objective “{objective}”.")
        return redirect("strategy:priority", request.organisation.slug, objective.priority_id)
    return render(request, "strategy/objective_edit.jinja", {"form": form, "objective": objective})


@org_member_required(Capability.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def objective_delete(request: OrgRequest, pk: int) -> HttpResponse:
    objective = _objective(request, pk)
    back = redirect("strategy:priority", request.organisation.slug, objective.priority_id)
    if request.method == "POST":
        services.objective_delete(objective=objective, by=request.user)
        messages.success(request, f"Deleted the objective “{objective}”.")
        return back
    served_by = [f"{objective.children.count()} objectives"] if objective.children.exists() else []
    context = {
        "target": objective,
        "kind": "objective",
        "detached": served_by,
        "blocked": "",
        "cancel": back.url,
    }
    return render(request, "accounts/confirm_delete.jinja", context)


@org_member_required(Capability.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def tag_edit(request: OrgRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(ProgrammeTag.objects.filter(organisation=request.organisation), pk=pk)
    form = TagEditForm(request.POST or None, instance=tag, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"Saved the programme “{tag}”.")
        return redirect("strategy:strategy", request.organisation.slug)
    return render(request, "strategy/tag_edit.jinja", {"form": form, "tag": tag})

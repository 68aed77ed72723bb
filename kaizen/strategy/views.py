"""The strategy page: the North Star, priorities and programmes. Every member reads it; leaders,
coaches and admins change it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kaizen.accounts.forms import OrgNamedForm
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.strategy.forms import NorthStarForm, PriorityForm, TagForm
from kaizen.strategy.models import ProgrammeTag, StrategicPriority
from kaizen.strategy.services import north_star_for

NAMED_FORMS: dict[str, type[OrgNamedForm]] = {"priority": PriorityForm, "tag": TagForm}


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def strategy(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_edit = request.membership.can(Capability.MANAGE_STRATEGY)
    forms: dict[str, ModelForm[Any]] = {
        "north_star": NorthStarForm(instance=north_star_for(organisation), prefix="north_star"),
        **{key: form(prefix=key, organisation=organisation) for key, form in NAMED_FORMS.items()},
    }
    if request.method == "POST":
        # Reading is for every member; a POST is a change, which needs the capability.
        if not can_edit:
            raise PermissionDenied("Your role cannot change the strategy")
        action = request.POST.get("action", "")
        if action not in forms:
            return redirect("strategy:strategy", organisation.slug)
        forms[action] = bound = _bound(request, action, forms["north_star"])
        if bound.is_valid():
            save_form(actor=request.user, organisation=organisation, form=bound)
            messages.success(request, "Saved the strategy.")
            return redirect("strategy:strategy", organisation.slug)
    context = {
        "can_edit": can_edit,
        "forms": forms,
        "priorities": StrategicPriority.objects.filter(organisation=organisation),
        "tags": ProgrammeTag.objects.filter(organisation=organisation),
    }
    return render(request, "strategy/strategy.jinja", context)


def _bound(request: OrgRequest, action: str, north_star: ModelForm[Any]) -> ModelForm[Any]:
    if action == "north_star":
        return NorthStarForm(request.POST, instance=north_star.instance, prefix=action)
    return NAMED_FORMS[action](request.POST, prefix=action, organisation=request.organisation)

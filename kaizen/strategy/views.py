"""The strategy page: the North Star, priorities and programmes. Every member reads it; leaders,
coaches and admins change it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kaizen.accounts.forms import OrgNamedForm
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.audit.services import save_form
from kaizen.strategy.forms import NorthStarForm, PriorityForm, TagForm
from kaizen.strategy.models import ProgrammeTag, StrategicPriority
from kaizen.strategy.services import north_star_for

NAMED_FORMS: dict[str, type[OrgNamedForm]] = {"priority": PriorityForm, "tag": TagForm}


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def strategy(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_edit = request.membership.can(Capability.MANAGE_STRATEGY)
    action = request.POST.get("action", "")
    north_star = NorthStarForm(instance=north_star_for(organisation), prefix="north_star")
    named = {key: form(prefix=key, organisation=organisation) for key, form in NAMED_FORMS.items()}
    if request.method == "POST":
        # Reading is for every member; a POST is a change, which needs the capability.
        if not can_edit:
            raise PermissionDenied("Your role cannot change the strategy")
        bound = (
            NorthStarForm(request.POST, instance=north_star.instance, prefix="north_star")
            if action == "north_star"
            else NAMED_FORMS.get(action, PriorityForm)(
                request.POST, prefix=action, organisation=organisation
            )
        )
        if bound.is_valid():
            save_form(actor=request.user, organisation=organisation, form=bound)
            messages.success(request, "Saved the strategy.")
            return redirect("strategy", organisation.slug)
        if action == "north_star":
            north_star = bound
        else:
            named[action] = bound
    context = {
        "can_edit": can_edit,
        "north_star": north_star,
        "forms": named,
        "priorities": StrategicPriority.objects.filter(organisation=organisation),
        "tags": ProgrammeTag.objects.filter(organisation=organisation),
    }
    return render(request, "strategy/strategy.jinja", context)

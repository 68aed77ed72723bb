"""The organisation's usual preparation for an event: the steps, by weeks before it, that each
new event's checklist starts from. Coaches and admins edit it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.events import services
from kaizen.events.forms import PreparationStepForm
from kaizen.events.models import PreparationStep


@org_member_required(Capability.MANAGE_EVENTS)
@require_http_methods(["GET", "POST"])
def preparation(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    steps = organisation.preparation_steps.all()
    form = PreparationStepForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        save_form(actor=request.user, organisation=organisation, form=form)
        messages.success(request, f"Added “{form.instance.text}”.")
        return redirect("events:preparation", organisation.slug)
    return render(request, "events/preparation.jinja", {"steps": steps, "form": form})


@org_member_required(Capability.MANAGE_EVENTS)
@require_POST
def preparation_remove(request: OrgRequest, step_id: int) -> HttpResponse:
    step = get_object_or_404(PreparationStep, pk=step_id, organisation=request.organisation)
    services.preparation_step_remove(step=step, by=request.user)
    messages.success(request, f"Removed “{step.text}”. Events already planned keep it.")
    return redirect("events:preparation", request.organisation.slug)

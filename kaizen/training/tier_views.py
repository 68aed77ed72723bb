"""The tier ladder: every member sees the organisation's tiers in order with the courses at
each; coaches and admins name them, add one and reorder them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.training.forms import TierForm
from kaizen.training.models import Course, Tier
from kaizen.training.tiers import tier_move, tier_save
from kaizen.web import add_errors, post_action


def _tier(request: OrgRequest, pk: int) -> Tier:
    return get_object_or_404(Tier, pk=pk, organisation=request.organisation)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def ladder(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_manage = request.membership.can(Capability.MANAGE_TRAINING)
    form = TierForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        # Reading the ladder is for every member; adding a tier needs the capability.
        if not can_manage:
            raise PermissionDenied("Your role cannot change the tiers")
        if _saved(request, form):
            messages.success(request, f"Added the tier “{form.instance}” at the top.")
            return redirect("training:tiers", organisation.slug)
    tiers = organisation.tiers.prefetch_related(
        Prefetch("courses", queryset=Course.objects.order_by("title"))
    )
    context = {"tiers": tiers, "form": form, "can_manage": can_manage}
    return render(request, "training/tiers.jinja", context)


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def tier_edit(request: OrgRequest, pk: int) -> HttpResponse:
    tier = _tier(request, pk)
    form = TierForm(request.POST or None, instance=tier, organisation=request.organisation)
    if request.method == "POST" and _saved(request, form):
        messages.success(request, f"Saved the tier “{form.instance}”.")
        return redirect("training:tiers", request.organisation.slug)
    return render(request, "training/tier_form.jinja", {"form": form, "tier": tier})


def _saved(request: OrgRequest, form: TierForm) -> bool:
    if not form.is_valid():
        return False
    try:
        tier_save(tier=form.instance, by=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


@org_member_required(Capability.MANAGE_TRAINING)
@require_POST
def tier_reorder(request: OrgRequest, pk: int) -> HttpResponse:
    tier = _tier(request, pk)
    up = request.POST.get("direction") == "up"
    return post_action(
        request,
        reverse("training:tiers", kwargs={"org": request.organisation.slug}),
        lambda: tier_move(tier=tier, up=up, by=request.user),
        f"Moved “{tier}” {'up' if up else 'down'} the ladder.",
    )

"""Huddle boards (a unit's ideas, actions and measures; a wall-screen mode that refreshes itself)
and Stop-Doing campaigns."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.models import OrgUnit
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.ideas import boards, escalation, stopdoing
from kaizen.ideas.forms import (
    ActionEscalateForm,
    ActionForm,
    CampaignForm,
    DecisionForm,
    NominationForm,
)
from kaizen.ideas.models import BoardAction, Campaign, Nomination
from kaizen.impact import services as impact
from kaizen.impact.views import panel_for
from kaizen.measures import icons
from kaizen.web import add_errors, form_error_text, post_action, post_form

# Stalled ideas per page of the stalled page.
STALLED_PAGE = 50


@org_member_required(Capability.VIEW)
def board_list(request: OrgRequest) -> HttpResponse:
    units = OrgUnit.objects.for_organisation(request.organisation).select_related("parent")
    return render(request, "ideas/boards.jinja", {"units": units})


@org_member_required(Capability.VIEW)
def board(request: OrgRequest, unit: int) -> HttpResponse:
    place = get_object_or_404(OrgUnit, pk=unit, organisation=request.organisation)
    # A board shows each column's oldest cards; ``?column=`` opens one column in full.
    context = {
        "board": boards.board_for(place, expand=request.GET.get("column")),
        "wall": request.GET.get("wall") == "1",
        "can_decide": request.membership.can(Capability.DECIDE_IDEAS),
        "action_form": ActionForm(organisation=request.organisation),
        # One form for the board's actions: a form per action made a 500-item board slow.
        "escalate_form": ActionEscalateForm(unit=place),
        "icons": icons,
        "cards_per_column": boards.CARDS_PER_COLUMN,
    }
    # The wall screen polls for the board's body alone (HTMX), not the whole page.
    template = "ideas/_board_body.jinja" if request.htmx else "ideas/board.jinja"
    return render(request, template, context)


@org_member_required(Capability.DECIDE_IDEAS)
@require_POST
def action_add(request: OrgRequest, unit: int) -> HttpResponse:
    place = get_object_or_404(OrgUnit, pk=unit, organisation=request.organisation)
    form = ActionForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            boards.action_add(
                unit=place, by=request.user, text=data["text"], owner=data["owner"], due=data["due"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Action added to the board.")
            return redirect("ideas:board", request.organisation.slug, place.pk)
    messages.error(request, form_error_text(form))
    return redirect("ideas:board", request.organisation.slug, place.pk)


@org_member_required(Capability.VIEW)
@require_POST
def action_done(request: OrgRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(BoardAction, pk=pk, organisation=request.organisation)
    return post_action(
        request,
        reverse("ideas:board", args=[request.organisation.slug, action.unit_id]),
        lambda: boards.action_done(action=action, by=request.user),
        "Action done.",
    )


@org_member_required(Capability.DECIDE_IDEAS)
@require_POST
def action_escalate(request: OrgRequest, unit: int) -> HttpResponse:
    """Escalate one of the board's actions to the board above, or hand it back below."""
    place = get_object_or_404(OrgUnit, pk=unit, organisation=request.organisation)
    return post_form(
        request,
        reverse("ideas:board", args=[request.organisation.slug, place.pk]),
        ActionEscalateForm(request.POST, unit=place),
        lambda data: escalation.action_escalate(
            action=data["action"], by=request.user, to_unit=data["to_unit"], reason=data["reason"]
        ),
        "Moved to the other board: its owner is told.",
    )


@org_member_required(Capability.VIEW)
def stalled(request: OrgRequest) -> HttpResponse:
    """What is stalled in an area (``?unit=``: its boards and those below; else everywhere):
    where a leader's daily digest leads."""
    units = OrgUnit.objects.for_organisation(request.organisation)
    chosen = request.GET.get("unit", "")
    area = units.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    ideas, actions = boards.stalled_in(request.organisation, area, now=timezone.now())
    # The oldest first, a page at a time: a trust can have thousands waiting for an answer.
    ideas = ideas.select_related("status", "board_unit").order_by("raised_at", "pk")
    context = {
        "area": area,
        "units": units,
        "page": Paginator(ideas, STALLED_PAGE).get_page(request.GET.get("page")),
        "actions": actions.select_related("unit", "owner", "organisation"),
    }
    return render(request, "ideas/stalled.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def campaign_list(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_decide = request.membership.can(Capability.DECIDE_IDEAS)
    form = CampaignForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and can_decide and form.is_valid():
        try:
            campaign = stopdoing.campaign_open(
                organisation=organisation, by=request.user, values=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Campaign opened: staff can nominate now.")
            return redirect(campaign)
    campaigns = Campaign.objects.filter(organisation=organisation).select_related("unit")
    context = {
        "campaigns": campaigns,
        "form": form,
        "can_decide": can_decide,
        "total": stopdoing.hours_released(campaigns),
        "by_month": stopdoing.hours_by_unit_and_month(organisation),
    }
    return render(request, "ideas/campaigns.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def campaign(request: OrgRequest, pk: int) -> HttpResponse:
    drive = get_object_or_404(Campaign, pk=pk, organisation=request.organisation)
    form = NominationForm(request.POST or None)
    form.organisation = request.organisation  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            stopdoing.nominate(campaign=drive, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Nominated: leaders will decide in the open.")
            return redirect(drive)
    context = {
        "campaign": drive,
        "form": form,
        "nominations": drive.nominations.select_related(
            "campaign__organisation", "nominated_by", "decided_by", "redeployed_project"
        ),
        "total": stopdoing.hours_released([drive]),
        "impact_totals": impact.totals(
            impact.entries_on(Nomination, drive.nominations.values("pk"))
        ),
        "can_decide": request.membership.can(Capability.DECIDE_IDEAS),
        "decision_form": DecisionForm(organisation=request.organisation),
    }
    return render(request, "ideas/campaign.jinja", context)


@org_member_required(Capability.VIEW)
def nomination(request: OrgRequest, pk: int) -> HttpResponse:
    """One nominated activity: the decision, where its time went, and its impact."""
    chosen = get_object_or_404(
        Nomination.objects.select_related(
            "campaign__organisation", "nominated_by", "decided_by", "redeployed_project"
        ),
        pk=pk,
        campaign__organisation=request.organisation,
    )
    context = {
        "nomination": chosen,
        "can_decide": request.membership.can(Capability.DECIDE_IDEAS),
        "decision_form": DecisionForm(organisation=request.organisation),
        "impact": panel_for(request, chosen),
    }
    return render(request, "ideas/nomination.jinja", context)


@org_member_required(Capability.DECIDE_IDEAS)
@require_POST
def nomination_decide(request: OrgRequest, pk: int) -> HttpResponse:
    nominated = get_object_or_404(Nomination, pk=pk, campaign__organisation=request.organisation)
    return post_form(
        request,
        nominated.campaign,
        DecisionForm(request.POST, organisation=request.organisation),
        lambda data: stopdoing.decide(nomination=nominated, by=request.user, **data),
        "Decided.",
    )

"""The maturity self-assessment pages. Every member reads them (the organisation's own, never
another's); leaders, coaches and admins, who set the strategy, record and change them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from kaizen.accounts.permissions import OrgRequest, org_member_required, require
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.measures import icons
from kaizen.programme.maturity import (
    ActionForm,
    AssessmentForm,
    assessment_save,
    evidence,
    history_svg,
    initial_for,
)
from kaizen.programme.models import Component, MaturityAssessment


@org_member_required(Capability.VIEW)
def maturity(request: OrgRequest) -> HttpResponse:
    """Every assessment, newest first, and each component's rating over time."""
    assessments = list(
        MaturityAssessment.objects.filter(organisation=request.organisation).prefetch_related(
            "ratings"
        )
    )
    history = [
        (a, {r.component: r.get_rating_display() for r in a.ratings.all()}) for a in assessments
    ]
    context = {
        "history": history,
        "components": list(Component),
        "chart": history_svg(assessments) if assessments else "",
        "can_edit": request.membership.can(Capability.MANAGE_STRATEGY),
    }
    return render(request, "programme/maturity.jinja", context)


@org_member_required(Capability.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def maturity_edit(request: OrgRequest, pk: int | None = None) -> HttpResponse:
    """A new assessment (starting from the last one's questions), or a change to one."""
    organisation = request.organisation
    assessment = (
        get_object_or_404(MaturityAssessment, organisation=organisation, pk=pk) if pk else None
    )
    form = AssessmentForm(request.POST or None, initial=initial_for(organisation, assessment))
    if request.method == "POST" and form.is_valid():
        saved = assessment_save(
            organisation=organisation,
            by=request.user,
            values=form.cleaned_data,
            assessment=assessment,
        )
        messages.success(request, "Saved the self-assessment.")
        return redirect("programme:maturity_detail", organisation.slug, saved.pk)
    context = {"form": form, "assessment": assessment}
    return render(request, "programme/maturity_edit.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def maturity_detail(request: OrgRequest, pk: int) -> HttpResponse:
    """One assessment: each component's rating, reasoning and the platform's evidence beside
    it, and the actions that follow with their owners."""
    organisation = request.organisation
    assessment = get_object_or_404(MaturityAssessment, organisation=organisation, pk=pk)
    can_edit = request.membership.can(Capability.MANAGE_STRATEGY)
    form = ActionForm(request.POST or None, assessment=assessment)
    if request.method == "POST":
        require(can_edit, "Your role cannot change the self-assessment")
        if form.is_valid():
            save_form(actor=request.user, organisation=organisation, form=form)
            messages.success(request, "Added the action.")
            return redirect("programme:maturity_detail", organisation.slug, assessment.pk)
    ratings = {rating.component: rating for rating in assessment.ratings.all()}
    actions = assessment.actions.select_related("owner")
    found = evidence(organisation, assessment.assessed_on)
    context = {
        "assessment": assessment,
        "components": [
            (
                component,
                ratings.get(component),
                found.get(component, []),
                [action for action in actions if action.component == component],
            )
            for component in Component
        ],
        "form": form,
        "can_edit": can_edit,
        "icons": icons,
    }
    return render(request, "programme/maturity_detail.jinja", context)

"""The leader visibility log: the published diary, the log form, a page per leader and the
chart of units no leader has visited."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.engagement import services, visibility
from kaizen.engagement.forms import VisitForm
from kaizen.engagement.models import Visit
from kaizen.web import add_errors


def _month(request: OrgRequest) -> dt.date:
    """The month asked for (?month=2026-03), this month by default or when unreadable."""
    try:
        return dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return visibility.month_start(timezone.localdate())


@org_member_required(Capability.VIEW)
def diary(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    month = _month(request)
    today = timezone.localdate()
    svg, description = visibility.unvisited_chart(organisation, today)
    context = {
        "month": month,
        "previous": visibility.month_start(month, 1),
        "next": visibility.month_start(month, -1)
        if month < visibility.month_start(today)
        else None,
        "visits": Visit.objects.filter(
            organisation=organisation,
            visited_on__gte=month,
            visited_on__lt=visibility.month_start(month, -1),
        ).select_related("leader", "unit", "idea__status"),
        "counts": visibility.month_counts(organisation, month),
        "unvisited": visibility.unvisited_units(organisation, today),
        "unvisited_days": visibility.UNVISITED_DAYS,
        "chart_description": description,
        "has_chart": bool(svg),
        "can_log": request.membership.can(Capability.LOG_VISITS),
    }
    return render(request, "engagement/diary.jinja", context)


@org_member_required(Capability.VIEW)
def unvisited_chart(request: OrgRequest) -> HttpResponse:
    # Served as an image so the chart's own inline styling sits outside the page's CSP.
    svg, _ = visibility.unvisited_chart(request.organisation, timezone.localdate())
    return HttpResponse(svg, content_type="image/svg+xml")


@org_member_required(Capability.LOG_VISITS)
@require_http_methods(["GET", "POST"])
def visit_log(request: OrgRequest) -> HttpResponse:
    form = VisitForm(
        request.POST or None,
        organisation=request.organisation,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_log(
                leader=request.user, organisation=request.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Visit logged and published in the diary"
                + (", and the idea raised on the unit's huddle board." if visit.idea else "."),
            )
            return redirect("engagement:leader", request.organisation.slug, request.user.pk)
    return render(request, "engagement/visit_form.jinja", {"form": form})


@org_member_required(Capability.VIEW)
def leader(request: OrgRequest, user_id: int) -> HttpResponse:
    membership = (
        Membership.objects.filter(organisation=request.organisation, user_id=user_id)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404("No such member")
    visits = list(
        Visit.objects.filter(organisation=request.organisation, leader_id=user_id).select_related(
            "unit", "idea__status"
        )
    )
    context = {
        "person": membership.user,
        "visits": visits,
        "by_kind": visibility.visits_by_kind(visits).most_common(),
    }
    return render(request, "engagement/leader.jinja", context)

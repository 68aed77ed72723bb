"""Comparing a shared measure across a network's members: their SPC charts side by side and,
for proportions and rates, a funnel plot. Only opted-in members' values are shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.measures import icons
from kaizen.network import comparison
from kaizen.network.forms import MeasureShareForm, NetworkMeasureForm
from kaizen.network.funnel_chart import funnel_svg
from kaizen.network.models import MeasureShare, NetworkMeasure
from kaizen.network.permissions import require_share_measure
from kaizen.web import add_errors, error_text


def _readable(request: OrgRequest, pk: int) -> NetworkMeasure:
    return get_object_or_404(comparison.readable_network_measures(request.organisation), pk=pk)


@org_member_required()
@require_http_methods(["GET", "POST"])
def compare_list(request: OrgRequest) -> HttpResponse:
    """The measures shared in the organisation's networks, and sharing one of its own."""
    form = NetworkMeasureForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        require_share_measure(request, form.cleaned_data["measure"])
        try:
            shared = comparison.network_measure_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("network:compare", org=request.organisation.slug, pk=shared.pk)
    shared_here = set(
        MeasureShare.objects.filter(organisation=request.organisation).values_list(
            "network_measure_id", flat=True
        )
    )
    context = {
        "form": form,
        "measures": comparison.readable_network_measures(request.organisation),
        "shared_here": shared_here,
        "can_share": request.membership.can(Capability.MANAGE_MEASURES),
    }
    return render(request, "network/compare_list.jinja", context)


@org_member_required()
def compare(request: OrgRequest, pk: int) -> HttpResponse:
    network_measure = _readable(request, pk)
    plot = comparison.network_funnel(network_measure)
    ours = network_measure.shares.filter(organisation=request.organisation).first()
    context = {
        "shared": network_measure,
        "members": comparison.members(network_measure),
        "plot": plot,
        "funnel": funnel_svg(plot) if plot else "",
        "ours": ours,
        "join_form": MeasureShareForm(request.organisation, network_measure.chart),
        "can_share": request.membership.can(Capability.MANAGE_MEASURES),
        "icons": icons,
    }
    return render(request, "network/compare.jinja", context)


@org_member_required(Capability.MANAGE_MEASURES)
@require_POST
def compare_join(request: OrgRequest, pk: int) -> HttpResponse:
    """Opt one of our measures in: the network's members then see its values."""
    network_measure = _readable(request, pk)
    form = MeasureShareForm(request.organisation, network_measure.chart, request.POST)
    if form.is_valid():
        measure = form.cleaned_data["measure"]
        require_share_measure(request, measure)
        try:
            comparison.measure_share(
                network_measure=network_measure, measure=measure, by=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"“{measure}” is shared with {network_measure.network}.")
    else:
        messages.error(request, "Choose one of your measures drawn on the same chart.")
    return redirect("network:compare", org=request.organisation.slug, pk=pk)


@org_member_required(Capability.MANAGE_MEASURES)
@require_POST
def compare_leave(request: OrgRequest, pk: int) -> HttpResponse:
    network_measure = _readable(request, pk)
    share = get_object_or_404(network_measure.shares, organisation=request.organisation)
    require_share_measure(request, share.measure)
    comparison.measure_unshare(share=share, by=request.user)
    messages.success(request, "Your values are no longer shown to the network.")
    return redirect("network:compare", org=request.organisation.slug, pk=pk)

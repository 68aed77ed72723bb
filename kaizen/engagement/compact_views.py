"""Staff compacts: read, acknowledge, and (leaders) publish a version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.engagement import compacts
from kaizen.engagement.forms import CompactForm
from kaizen.engagement.models import Compact, CompactVersion
from kaizen.web import add_errors, post_action


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def compact_list(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_lead = request.membership.can(Capability.LEAD_ENGAGEMENT)
    form = CompactForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        # Everyone reads the compacts; leaders publish them.
        if not can_lead:
            raise PermissionDenied("Only leaders publish a compact")
        if form.is_valid():
            try:
                version = compacts.compact_publish(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Published {version}.")
                return redirect(compacts.compacts_url(organisation))
    context = {
        "compacts": [
            _shown(request, compact)
            for compact in Compact.objects.filter(organisation=organisation).prefetch_related(
                "versions"
            )
        ],
        "form": form if can_lead else None,
    }
    return render(request, "engagement/compacts.jinja", context)


def _shown(request: OrgRequest, compact: Compact) -> dict[str, object]:
    version = compact.versions.first()
    if version is None:
        return {"compact": compact, "version": None}
    overall, by_unit = compacts.rates(version)
    in_group = compacts.group(compact).filter(pk=request.membership.pk).exists()
    return {
        "compact": compact,
        "version": version,
        "earlier": list(compact.versions.all())[1:],
        "overall": overall,
        "by_unit": by_unit,
        "can_acknowledge": in_group
        and not version.acknowledgements.filter(member=request.user).exists(),
        "not_yet": compacts.not_yet_acknowledged(version, request.membership),
    }


@org_member_required(Capability.VIEW)
@require_POST
def acknowledge(request: OrgRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(CompactVersion, compact__organisation=request.organisation, pk=pk)
    return post_action(
        request,
        compacts.compacts_url(request.organisation),
        lambda: compacts.acknowledge(member=request.membership, version=version),
        f"Thank you: you acknowledged {version}.",
    )

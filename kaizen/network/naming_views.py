"""A member's own choice to be named, or not, in what their organisation shares."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability, Role
from kaizen.network import naming
from kaizen.network.forms import NamingForm
from kaizen.network.models import NamedPerson


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def naming_settings(request: OrgRequest) -> HttpResponse:
    # Every member, whatever their role, may see what is shared under their name; a patient
    # partner has no choice to make (they are never named), so the form is not offered.
    partner = request.membership.role == Role.PATIENT_PARTNER
    consents = naming.consents(request.user, request.organisation)
    # An unticked box posts nothing, so the form is bound on any POST, not on a non-empty one.
    data = request.POST if request.method == "POST" else None
    form = NamingForm(data, initial={"name_me": consents})
    if request.method == "POST" and not partner and form.is_valid():
        if form.cleaned_data["name_me"]:
            naming.consent_give(user=request.user, organisation=request.organisation)
            messages.success(request, "Saved: you may be named in what is shared from now on.")
        else:
            redacted = naming.consent_withdraw(user=request.user, organisation=request.organisation)
            messages.success(
                request,
                f"Saved: you are no longer named. Your name was taken out of {redacted} shared "
                f"item{'s' if redacted != 1 else ''}.",
            )
        return redirect("network:naming", org=request.organisation.slug)
    named_in = NamedPerson.objects.filter(
        user=request.user, item__organisation=request.organisation, item__unshared_at__isnull=True
    ).select_related("item")
    context = {"form": form, "partner": partner, "named_in": named_in}
    return render(request, "network/naming.jinja", context)

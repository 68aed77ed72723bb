"""Organisation admins' pages for members and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts import services
from kaizen.accounts.forms import InvitationForm, MembershipForm
from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability, Role

manage_capability = Capability.MANAGE_ORGANISATION
manage = org_member_required(manage_capability)


def _member(request: OrgRequest, pk: int) -> Membership:
    # Looked up inside the organisation only: another organisation's member ids give 404.
    return get_object_or_404(request.organisation.memberships.select_related("user", "unit"), pk=pk)


@manage
def member_list(request: OrgRequest) -> HttpResponse:
    members = request.organisation.memberships.select_related("user", "unit").order_by(
        "user__full_name", "user__email"
    )
    return render(request, "accounts/member_list.jinja", {"members": members})


@manage
@require_http_methods(["GET", "POST"])
def member_edit(request: OrgRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(
                actor=request.user,
                membership=membership,
                role=Role(form.cleaned_data["role"]),
                unit=form.cleaned_data["unit"],
            )
        except services.LastAdminError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, f"Saved {membership.user}'s role.")
            return _after_change(request, membership)
    return render(request, "accounts/member_edit.jinja", {"form": form, "member": membership})


@manage
@require_POST
def member_remove(request: OrgRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    try:
        services.remove_membership(actor=request.user, membership=membership)
    except services.LastAdminError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed {membership.user} from {request.organisation}.")
        if membership.user_id == request.user.pk:
            return redirect("accounts:home")
    return redirect("organisation:member_list", org=request.organisation.slug)


def _after_change(request: OrgRequest, membership: Membership) -> HttpResponse:
    # An admin who handed over the role can no longer see the members page.
    if membership.user_id == request.user.pk and not membership.can(manage_capability):
        return redirect("organisation:org_home", org=request.organisation.slug)
    return redirect("organisation:member_list", org=request.organisation.slug)


@manage
@require_http_methods(["GET", "POST"])
def invitation_list(request: OrgRequest) -> HttpResponse:
    form = InvitationForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(
            actor=request.user,
            organisation=request.organisation,
            email=form.cleaned_data["email"],
            role=Role(form.cleaned_data["role"]),
            unit=form.cleaned_data["unit"],
            absolute_url=request.build_absolute_uri,
        )
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect("organisation:invitation_list", org=request.organisation.slug)
    pending = request.organisation.invitations.pending().select_related("unit", "invited_by")
    return render(request, "accounts/invitation_list.jinja", {"form": form, "pending": pending})


@manage
@require_POST
def invitation_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(request.organisation.invitations.pending(), pk=pk)
    services.revoke_invitation(actor=request.user, invitation=invitation)
    if request.htmx:
        context = {"invitation": invitation}
        return render(request, "accounts/_invitation_withdrawn.jinja", context)
    messages.success(request, f"Withdrew the invitation to {invitation.email}.")
    return redirect("organisation:invitation_list", org=request.organisation.slug)

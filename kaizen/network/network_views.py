"""Networks' own pages: the installation admin creates networks and invites organisations,
coordinators name coordinators, and each organisation's admins answer invitations and may leave.
The services (kaizen/network/networks.py) refuse what no one may do; these views check who is
asking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.models import User
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.network import networks
from kaizen.network.forms import CoordinatorForm, InviteForm, NetworkForm
from kaizen.network.models import Network, NetworkInvitation, SharedItem
from kaizen.network.permissions import is_installation_admin, runs_network
from kaizen.web import post_action, post_form


def _require_installation_admin(request: HttpRequest) -> None:
    if not is_installation_admin(request.user):
        raise PermissionDenied("Only an installation admin creates networks and invites to them.")


def _readable(request: HttpRequest) -> QuerySet[Network]:
    """Networks of the reader's organisations; all of them for an installation admin."""
    if is_installation_admin(request.user):
        return Network.objects.all()
    member_of = Network.objects.filter(organisations__memberships__user_id=request.user.pk or 0)
    coordinated = Network.objects.filter(coordinators=request.user.pk or 0)
    return (member_of | coordinated).distinct()


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    context = {"networks": _readable(request), "admin": is_installation_admin(request.user)}
    return render(request, "network/networks.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_installation_admin(request)
    network = get_object_or_404(Network, pk=pk) if pk else Network()
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        # Validating wrote the new values onto the form's instance: the service saves a fresh
        # copy so that the audit trail can compare it with what was stored.
        saved = networks.network_save(
            network=Network.objects.get(pk=pk) if pk else Network(),
            by=_user(request),
            values=form.cleaned_data,
        )
        return redirect("library:network", pk=saved.pk)
    return render(request, "network/network_form.jinja", {"form": form, "network": network})


@login_required
def network_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A network's members, coordinators, shared work and measures, for people of its
    organisations; those who run it also see the invitations waiting and the forms."""
    network = get_object_or_404(_readable(request), pk=pk)
    runs = runs_network(request.user, network)
    items = SharedItem.objects.readable_by(request.user).filter(network=network)
    context = {
        "network": network,
        "items": items,
        "runs": runs,
        "admin": is_installation_admin(request.user),
        "pending": networks.pending(network).select_related("organisation") if runs else [],
        "invite_form": InviteForm(network),
        "coordinator_form": CoordinatorForm(
            networks.nominable_by(_user(request), network).exclude(coordinated_networks=network)
        )
        if runs
        else None,
    }
    return render(request, "network/network.jinja", context)


@login_required
@require_POST
def network_invite(request: HttpRequest, pk: int) -> HttpResponse:
    _require_installation_admin(request)
    network = get_object_or_404(Network, pk=pk)
    form = InviteForm(network, request.POST)
    return post_form(
        request,
        reverse("library:network", kwargs={"pk": network.pk}),
        form,
        lambda data: networks.invite(
            network=network, organisation=data["organisation"], by=_user(request)
        ),
        lambda: f"Invited {form.cleaned_data['organisation'].name}: its admins will answer.",
    )


@login_required
@require_POST
def coordinator_add(request: HttpRequest, pk: int) -> HttpResponse:
    network = _run(request, pk)
    form = CoordinatorForm(networks.nominable_by(_user(request), network), request.POST)
    return post_form(
        request,
        reverse("library:network", kwargs={"pk": network.pk}),
        form,
        lambda data: networks.coordinator_add(
            network=network, user=data["person"], by=_user(request)
        ),
        lambda: f"{form.cleaned_data['person']} now coordinates {network.name}.",
    )


@login_required
@require_POST
def coordinator_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    network = _run(request, pk)
    person = get_object_or_404(network.coordinators.all(), pk=user_id)
    return post_action(
        request,
        reverse("library:network", kwargs={"pk": network.pk}),
        lambda: networks.coordinator_remove(network=network, user=person, by=_user(request)),
        f"{person} no longer coordinates {network.name}.",
    )


def _run(request: HttpRequest, pk: int) -> Network:
    network = get_object_or_404(_readable(request), pk=pk)
    if not runs_network(request.user, network):
        raise PermissionDenied("Only the installation admin and the coordinators do this.")
    return network


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# The organisation's side: its networks, and the invitations its admins answer.


@org_member_required()
def org_networks(request: OrgRequest) -> HttpResponse:
    invitations = NetworkInvitation.objects.filter(
        organisation=request.organisation, status=NetworkInvitation.Status.PENDING
    ).select_related("network")
    context = {
        "networks": request.organisation.networks.all(),
        "invitations": invitations,
        "answers": request.membership.can(Capability.MANAGE_ORGANISATION),
    }
    return render(request, "network/org_networks.jinja", context)


@org_member_required(Capability.MANAGE_ORGANISATION)
@require_POST
def invitation_answer(request: OrgRequest, pk: int, accept: bool) -> HttpResponse:
    # Only the invitation addressed to this organisation: another's is not found.
    invitation = get_object_or_404(
        NetworkInvitation.objects.select_related("network"),
        pk=pk,
        organisation=request.organisation,
    )
    name = invitation.network.name
    return post_action(
        request,
        reverse("network:networks", kwargs={"org": request.organisation.slug}),
        lambda: networks.answer(invitation=invitation, by=request.user, accept=accept),
        f"{request.organisation.name} joined {name}." if accept else f"Declined to join {name}.",
    )


@org_member_required(Capability.MANAGE_ORGANISATION)
@require_POST
def network_leave(request: OrgRequest, pk: int) -> HttpResponse:
    network = get_object_or_404(request.organisation.networks.all(), pk=pk)
    return post_action(
        request,
        reverse("network:networks", kwargs={"org": request.organisation.slug}),
        lambda: networks.leave(network=network, organisation=request.organisation, by=request.user),
        f"{request.organisation.name} left {network.name}.",
    )

"""Sharing from inside an organisation, and the open library anyone can read signed out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.network import services
from kaizen.network.forms import LibrarySearchForm, ShareForm
from kaizen.network.models import Network, SharedItem
from kaizen.network.search import search
from kaizen.network.snapshot import project_snapshot
from kaizen.projects.models import Project
from kaizen.web import add_errors, post_action

PAGE_SIZE = 20


@org_member_required()
def shared(request: OrgRequest) -> HttpResponse:
    items = SharedItem.objects.live().filter(organisation=request.organisation)
    projects = Project.objects.for_organisation(request.organisation).only("title")
    context = {"items": items.select_related("network"), "projects": projects}
    return render(request, "network/shared.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def share_project(request: OrgRequest, pk: int) -> HttpResponse:
    """The owner reviews exactly what will be published, then publishes it."""
    project = get_object_or_404(Project.objects.for_organisation(request.organisation), pk=pk)
    form = ShareForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.share_project(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return (
                redirect("library:item", pk=item.pk)
                if item.reach == "public"
                else redirect("network:shared", org=request.organisation.slug)
            )
    context = {"project": project, "form": form, "preview": project_snapshot(project)}
    return render(request, "network/share.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def unshare(request: OrgRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SharedItem.objects.live(), pk=pk, organisation=request.organisation)
    return post_action(
        request,
        reverse("network:shared", kwargs={"org": request.organisation.slug}),
        lambda: services.unshare(item=item, by=request.user),
        f"Stopped sharing “{item.title}”: it is gone from everywhere it was shared.",
    )


# The open library: public, signed out (only items shared publicly and not taken down); signed
# in, it also holds what was shared with the installation and with the reader's networks.


def library(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET)
    words = form.cleaned_data["q"] if form.is_valid() else ""
    items = search(SharedItem.objects.readable_by(request.user), words)[:PAGE_SIZE]
    return render(request, "network/library.jinja", {"form": form, "items": items, "q": words})


def library_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SharedItem.objects.readable_by(request.user), pk=pk)
    return render(request, "network/library_item.jinja", {"item": item, "s": item.snapshot})


def library_item_json(request: HttpRequest, pk: int) -> JsonResponse:
    item = get_object_or_404(SharedItem.objects.readable_by(request.user), pk=pk)
    return JsonResponse(
        {"title": item.title, "published_at": item.published_at, "snapshot": item.snapshot}
    )


@login_required
def network_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A network's members, coordinators and shared work, for people of its organisations."""
    network = get_object_or_404(
        Network.objects.filter(organisations__memberships__user_id=request.user.pk or 0).distinct(),
        pk=pk,
    )
    items = SharedItem.objects.readable_by(request.user).filter(network=network)
    context = {"network": network, "items": items}
    return render(request, "network/network.jinja", context)

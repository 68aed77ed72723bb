"""Sharing from inside an organisation, and the open library anyone can read signed out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.network import services
from kaizen.network.forms import LibrarySearchForm, ShareForm
from kaizen.network.models import Network, SharedItem
from kaizen.network.search import search
from kaizen.network.snapshot import cycle_snapshot, idea_snapshot, project_snapshot
from kaizen.projects.models import ChangeIdea, PDSACycle, Project
from kaizen.projects.permissions import require_project_change
from kaizen.web import add_errors, post_action

PAGE_SIZE = 20


@org_member_required()
def shared(request: OrgRequest) -> HttpResponse:
    items = SharedItem.objects.live().filter(organisation=request.organisation)
    projects = Project.objects.for_organisation(request.organisation).only("title")
    ideas = ChangeIdea.objects.for_organisation(request.organisation).only("title")
    cycles = PDSACycle.objects.filter(
        idea__project__organisation=request.organisation, closed_on__isnull=False
    ).only("title")
    context = {
        "items": items.select_related("network"),
        "projects": projects,
        "ideas": ideas,
        "cycles": cycles,
    }
    return render(request, "network/shared.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def share_project(request: OrgRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.for_organisation(request.organisation), pk=pk)
    require_project_change(request, project)
    return _share_page(
        request,
        project.title,
        project_snapshot(project),
        partial(services.share_project, project=project),
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def share_idea(request: OrgRequest, idea_id: int) -> HttpResponse:
    ideas = ChangeIdea.objects.for_organisation(request.organisation).select_related("project")
    idea = get_object_or_404(ideas, pk=idea_id)
    require_project_change(request, idea.project)
    return _share_page(
        request, idea.title, idea_snapshot(idea), partial(services.share_idea, idea=idea)
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def share_cycle(request: OrgRequest, cycle_id: int) -> HttpResponse:
    cycles = PDSACycle.objects.filter(idea__project__organisation=request.organisation)
    cycle = get_object_or_404(cycles.select_related("idea__project"), pk=cycle_id)
    require_project_change(request, cycle.idea.project)
    return _share_page(
        request, cycle.title, cycle_snapshot(cycle), partial(services.share_cycle, cycle=cycle)
    )


def _share_page(
    request: OrgRequest, title: str, preview: dict[str, Any], share: Callable[..., SharedItem]
) -> HttpResponse:
    """The owner reviews exactly what will be published, then publishes it."""
    form = ShareForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = share(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return (
                redirect("library:item", pk=item.pk)
                if item.reach == "public"
                else redirect("network:shared", org=request.organisation.slug)
            )
    context = {"title": title, "form": form, "preview": preview}
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
    # A change idea shared alone can be adopted by any organisation the reader runs projects in.
    adopters = [
        membership.organisation
        for membership in Membership.objects.filter(user_id=request.user.pk or 0).select_related(
            "organisation"
        )
        if item.kind == SharedItem.Kind.IDEA and membership.can(Capability.RUN_PROJECTS)
    ]
    context = {"item": item, "s": item.snapshot, "adopters": adopters}
    return render(request, "network/library_item.jinja", context)


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

"""Sharing from inside an organisation, and the open library anyone can read signed out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability, Role
from kaizen.engagement.models import Story
from kaizen.engagement.stories import visible_stories
from kaizen.events.models import Event
from kaizen.network import naming, services
from kaizen.network.forms import LibrarySearchForm, ShareForm
from kaizen.network.models import SharedItem
from kaizen.network.report_snapshots import event_snapshot, story_snapshot
from kaizen.network.search import CANDIDATES, many_matches, search
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
        "stories": _shareable_stories(request),
        "events": _shareable_events(request),
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
        partial(project_snapshot, project),
        partial(services.share_project, project=project),
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def share_idea(request: OrgRequest, idea_id: int) -> HttpResponse:
    ideas = ChangeIdea.objects.for_organisation(request.organisation).select_related("project")
    idea = get_object_or_404(ideas, pk=idea_id)
    require_project_change(request, idea.project)
    return _share_page(
        request, idea.title, partial(idea_snapshot, idea), partial(services.share_idea, idea=idea)
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def share_cycle(request: OrgRequest, cycle_id: int) -> HttpResponse:
    cycles = PDSACycle.objects.filter(idea__project__organisation=request.organisation)
    cycle = get_object_or_404(cycles.select_related("idea__project"), pk=cycle_id)
    require_project_change(request, cycle.idea.project)
    return _share_page(
        request,
        cycle.title,
        partial(cycle_snapshot, cycle),
        partial(services.share_cycle, cycle=cycle),
    )


def _shareable_stories(request: OrgRequest) -> Any:
    """Published stories: all of them for those who approve stories, else one's own."""
    stories = visible_stories(request.membership).filter(status=Story.Status.APPROVED)
    if request.membership.can(Capability.EDIT_NEWS):
        return stories
    return stories.filter(author=request.user)


def _shareable_events(request: OrgRequest) -> Any:
    if not request.membership.can(Capability.MANAGE_EVENTS):
        return Event.objects.none()
    events = Event.objects.filter(organisation=request.organisation, report_outs__isnull=False)
    return events.distinct()


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def share_story(request: OrgRequest, story_id: int) -> HttpResponse:
    # A story is its author's to share, or an approver's: they publish stories already.
    story = get_object_or_404(_shareable_stories(request).select_related("author"), pk=story_id)
    return _share_page(
        request,
        story.title,
        partial(story_snapshot, story),
        partial(services.share_story, story=story),
    )


@org_member_required(Capability.MANAGE_EVENTS)
@require_http_methods(["GET", "POST"])
def share_event(request: OrgRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.filter(organisation=request.organisation), pk=event_id)
    return _share_page(
        request,
        event.title,
        partial(event_snapshot, event),
        partial(services.share_event, event=event),
    )


def _share_page(
    request: OrgRequest,
    title: str,
    preview: Callable[[], dict[str, Any]],
    share: Callable[..., SharedItem],
) -> HttpResponse:
    """The owner reviews exactly what will be published, then publishes it. The person sharing
    may choose here whether they are named, so the preview is drawn after that choice."""
    may_name = request.membership.role != Role.PATIENT_PARTNER
    consents = naming.consents(request.user, request.organisation)
    form = ShareForm(
        request.organisation,
        request.POST or None,
        may_name=may_name,
        initial={"name_me": consents},
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data.pop("name_me", False)
        if may_name and choice != consents:
            _set_consent(request, choice)
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
    context = {"title": title, "form": form, "preview": preview()}
    return render(request, "network/share.jinja", context)


def _set_consent(request: OrgRequest, given: bool) -> None:
    if given:
        naming.consent_give(user=request.user, organisation=request.organisation)
    else:
        naming.consent_withdraw(user=request.user, organisation=request.organisation)


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
    readable = SharedItem.objects.readable_by(request.user)
    context = {
        "form": form,
        "items": search(readable, words)[:PAGE_SIZE],
        "q": words,
        "many": many_matches(readable, words),
        "candidates": CANDIDATES,
    }
    return render(request, "network/library.jinja", context)


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

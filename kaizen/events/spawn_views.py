"""Taking an event's work forward: its team lead, its coach (or whoever manages events) raises an
idea or agrees an action on the unit's huddle board, or adds a change idea to a project, from the
event's week and report-outs on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.events import spawning
from kaizen.events.forms import SpawnChangeIdeaForm, SpawnIdeaForm
from kaizen.events.models import Event
from kaizen.events.permissions import require_spawner
from kaizen.ideas.forms import ActionForm
from kaizen.web import add_errors

# What each form makes, and the message once it is made.
MAKERS: dict[str, tuple[Callable[[Event, OrgRequest, dict[str, Any]], object], str]] = {
    "idea": (
        lambda event, request, data: spawning.spawn_idea(
            event=event, by=request.user, problem=data["problem"], proposal=data["proposal"]
        ),
        "Raised the idea on the huddle board.",
    ),
    "action": (
        lambda event, request, data: spawning.spawn_action(
            event=event, by=request.user, text=data["text"], owner=data["owner"], due=data["due"]
        ),
        "Added the action to the huddle board; its owner is told.",
    ),
    "change": (
        lambda event, request, data: spawning.spawn_change_idea(
            event=event,
            by=request.user,
            project=data["project"],
            title=data["title"],
            description=data["description"],
        ),
        "Added the change idea to the project.",
    ),
}


def _forms(request: OrgRequest, event: Event, posted: str = "") -> dict[str, Form]:
    """The three forms, the one ``posted`` (if any) bound to what was sent."""
    organisation = request.organisation
    projects = spawning.projects_to_feed(request.membership, event)

    def data(key: str) -> Any:
        return request.POST if key == posted else None

    return {
        "idea": SpawnIdeaForm(data("idea"), prefix="idea", organisation=organisation),
        "action": ActionForm(data("action"), prefix="action", organisation=organisation),
        "change": SpawnChangeIdeaForm(
            data("change"), prefix="change", organisation=organisation, projects=projects
        ),
    }


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def spawn(request: OrgRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk, organisation=request.organisation)
    # Members read what an event raised on its page; raising is for its lead and coach.
    require_spawner(request, event)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _forms(request, event, posted=action)
    if action in MAKERS:
        bound = forms[action]
        if bound.is_valid():
            make, done = MAKERS[action]
            try:
                make(event, request, bound.cleaned_data)
            except ValidationError as error:
                add_errors(bound, error)
            else:
                messages.success(request, done)
                return redirect("events:event", request.organisation.slug, event.pk)
    context = {
        "event": event,
        "forms": forms,
        "started": event.starts_on <= timezone.localdate(),
    }
    return render(request, "events/spawn.jinja", context)

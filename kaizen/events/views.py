"""Event pages: the calendar, planning an event, and each event's page with its target sheet,
team, preparation checklist, report-outs and what it raised. Every member reads them; coaches
and admins manage them."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.events import services, spawning
from kaizen.events.forms import (
    ChecklistForm,
    EventForm,
    ParticipantForm,
    ReportOutForm,
    TargetForm,
)
from kaizen.events.models import ChecklistItem, Event, ReportPhoto
from kaizen.events.permissions import can_spawn
from kaizen.web import add_errors, post_action

SECTION_FORMS: dict[str, type[ModelForm[Any]]] = {
    "target": TargetForm,
    "participant": ParticipantForm,
    "checklist": ChecklistForm,
    "report": ReportOutForm,
}


def _event(request: OrgRequest, pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, organisation=request.organisation)


@org_member_required(Capability.VIEW)
def calendar(request: OrgRequest) -> HttpResponse:
    events = request.organisation.events.select_related("unit", "value_stream")
    by_month = [
        (month, list(group))
        for month, group in groupby(events, key=lambda e: e.starts_on.replace(day=1))
    ]
    context = {
        "by_month": by_month,
        "today": timezone.localdate(),
        "can_manage": request.membership.can(Capability.MANAGE_EVENTS),
    }
    return render(request, "events/calendar.jinja", context)


@org_member_required(Capability.MANAGE_EVENTS)
@require_http_methods(["GET", "POST"])
def event_new(request: OrgRequest) -> HttpResponse:
    form = EventForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(event=form.instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Planned “{event}”.")
            return redirect("events:event", request.organisation.slug, event.pk)
    return render(request, "events/event_form.jinja", {"form": form, "event": None})


@org_member_required(Capability.MANAGE_EVENTS)
@require_http_methods(["GET", "POST"])
def event_edit(request: OrgRequest, pk: int) -> HttpResponse:
    """Change the plan: its unit (whose huddle board its ideas land on), dates and people."""
    event = _event(request, pk)
    form = EventForm(request.POST or None, instance=event, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_change(form=form, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the plan.")
            return redirect("events:event", request.organisation.slug, event.pk)
    return render(request, "events/event_form.jinja", {"form": form, "event": event})


# How each section's valid form is saved: through a service where there are rules to keep.
SAVERS: dict[str, Callable[[Any, OrgRequest], object]] = {
    "participant": lambda form, request: services.participant_add(
        participant=form.instance, by=request.user
    ),
    "report": lambda form, request: services.report_out_add(
        report=form.instance, by=request.user, photos=form.cleaned_data["photos"]
    ),
}


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def event(request: OrgRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    can_manage = request.membership.can(Capability.MANAGE_EVENTS)
    forms = {key: form(prefix=key, event=event) for key, form in SECTION_FORMS.items()}  # type: ignore[call-arg]
    if request.method == "POST":
        # Reading is for every member; a POST is a change, which needs the capability.
        if not can_manage:
            raise PermissionDenied("Your role cannot change events")
        action = request.POST.get("action", "")
        if action in forms:
            bound = SECTION_FORMS[action](  # type: ignore[call-arg]
                request.POST, request.FILES, prefix=action, event=event
            )
            forms[action] = bound
            if bound.is_valid():
                try:
                    saver = SAVERS.get(action)
                    if saver:
                        saver(bound, request)
                    else:
                        save_form(actor=request.user, organisation=request.organisation, form=bound)
                except ValidationError as error:
                    add_errors(bound, error)
                else:
                    messages.success(request, "Saved.")
                    return redirect("events:event", request.organisation.slug, event.pk)
    context = {
        "event": event,
        "stage": event.stage(timezone.localdate()),
        "forms": forms,
        "can_manage": can_manage,
        "targets": event.targets.select_related("measure"),
        "participants": event.participants.select_related("person"),
        "checklist": event.checklist.all(),
        "report_outs": event.report_outs.prefetch_related(
            Prefetch("photos", ReportPhoto.objects.only("pk", "report_id", "alt_text", "width"))
        ),
        "follow_ups": event.follow_ups.select_related("owner", "report"),
        "spawned": spawning.spawned_by(event),
        "can_spawn": can_spawn(request.membership, event),
        "today": timezone.localdate(),
    }
    return render(request, "events/event.jinja", context)


@org_member_required(Capability.MANAGE_EVENTS)
@require_POST
def checklist_toggle(request: OrgRequest, pk: int, item_id: int) -> HttpResponse:
    event = _event(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id, event=event)

    def toggle() -> None:
        item.done = not item.done
        item.save(update_fields=["done"])

    return post_action(
        request,
        services.event_url(event),
        toggle,
        "Marked done." if not item.done else "Marked not done.",
    )


@org_member_required(Capability.MANAGE_EVENTS)
@require_POST
def checklist_remove(request: OrgRequest, pk: int, item_id: int) -> HttpResponse:
    event = _event(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id, event=event)
    return post_action(
        request,
        services.event_url(event),
        lambda: services.checklist_item_remove(item=item, by=request.user),
        f"Removed “{item.text}” from the preparation.",
    )

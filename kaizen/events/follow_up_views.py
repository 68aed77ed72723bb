"""An event's follow-ups (30, 60 and 90 days after it): who gives each and when, and the
report-out that gives it, which reads whether the target measures' gain held; and the photos
shown at report-outs, served only to members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kaizen.accounts.permissions import OrgRequest, org_member_required, require
from kaizen.accounts.roles import Capability
from kaizen.events import services
from kaizen.events.forms import FollowUpForm, ReportOutForm
from kaizen.events.models import Event, FollowUp, ReportPhoto
from kaizen.events.permissions import can_give_follow_up, can_spawn, require_follow_up_giver
from kaizen.web import add_errors


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def follow_up(request: OrgRequest, pk: int, follow_up_id: int) -> HttpResponse:
    found = get_object_or_404(
        FollowUp.objects.select_related("event", "owner", "report"),
        event__organisation=request.organisation,
        event__pk=pk,
        pk=follow_up_id,
    )
    event = found.event
    action = request.POST.get("action") if request.method == "POST" else None
    report_form = ReportOutForm(
        request.POST if action == "report" else None,
        request.FILES if action == "report" else None,
        prefix="report",
        event=event,
        kind=found.kind,
        initial={"on": timezone.localdate()},
    )
    schedule_form = FollowUpForm(
        request.POST if action == "schedule" else None, prefix="schedule", instance=found
    )
    if action == "report":
        # The person named to give it may, even when their role does not manage events.
        require_follow_up_giver(request, found)
        if report_form.is_valid() and _saved(request, report_form):
            messages.success(request, f"Recorded the {found.days}-day follow-up.")
            return redirect(services.event_url(event))
    elif action == "schedule":
        require(request.membership.can(Capability.MANAGE_EVENTS), "Your role cannot change events")
        if schedule_form.is_valid() and _saved(request, schedule_form):
            messages.success(request, "Saved.")
            return redirect("events:follow_up", request.organisation.slug, event.pk, found.pk)
    context = {
        "event": event,
        "follow_up": found,
        "report_form": report_form,
        "schedule_form": schedule_form,
        "can_give": can_give_follow_up(request.membership, found),
        "can_manage": request.membership.can(Capability.MANAGE_EVENTS),
        # What the report-out finds still to do goes to the huddle board or a project.
        "can_spawn": can_spawn(request.membership, event),
        "targets": event.targets.select_related("measure"),
        "today": timezone.localdate(),
    }
    return render(request, "events/follow_up.jinja", context)


def _saved(request: OrgRequest, form: ReportOutForm | FollowUpForm) -> bool:
    """Save a valid form through its service; its refusal shows on the form."""
    try:
        if isinstance(form, ReportOutForm):
            services.report_out_add(
                report=form.instance, by=request.user, photos=form.cleaned_data["photos"]
            )
        else:
            services.follow_up_schedule(follow_up=form.instance, by=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


@org_member_required(Capability.VIEW)
def report_photo(request: OrgRequest, pk: int, photo_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk, organisation=request.organisation)
    photo = get_object_or_404(ReportPhoto, pk=photo_id, report__event=event)
    response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response

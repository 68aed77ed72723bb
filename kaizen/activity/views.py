"""The organisation's conversation pages: each person's inbox, email preference and the kinds of
notification they hear of, following a record, and the background tasks that failed for good
(for admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.activity import services, tasks
from kaizen.activity.forms import KindsForm, PreferenceForm
from kaizen.activity.models import FailedTask, Notification


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def notifications(request: OrgRequest) -> HttpResponse:
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if request.POST.get("action") == "read":
            # One notification (its pk) or, without one, all of them.
            pk = request.POST.get("pk", "")
            services.mark_read(
                user=request.user,
                organisation=request.organisation,
                pk=int(pk) if pk.isdigit() else None,
            )
            return redirect("activity:notifications", request.organisation.slug)
        if form.is_valid():
            form.save()
            messages.success(request, "Saved how often we email you.")
            return redirect("activity:notifications", request.organisation.slug)
    inbox = services.inbox(user=request.user, organisation=request.organisation)
    return render(
        request, "activity/notifications.jinja", {"form": form, "notifications": inbox[:100]}
    )


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def notification_settings(request: OrgRequest) -> HttpResponse:
    """Each person mutes the kinds of notification they would rather not hear of."""
    preference = services.preference_for(request.user)
    heard = [kind for kind in Notification.Kind.values if kind not in preference.muted_kinds]
    form = KindsForm(request.POST or None, initial={"heard": heard})
    if request.method == "POST" and form.is_valid():
        services.kinds_heard(user=request.user, heard=form.cleaned_data["heard"])
        messages.success(request, "Saved which notifications you get.")
        return redirect("activity:notifications", request.organisation.slug)
    return render(request, "activity/settings.jinja", {"form": form})


@org_member_required(Capability.VIEW)
@require_POST
def follow(request: OrgRequest, content_type_id: int, object_id: int) -> HttpResponse:
    """Follow or stop following any record of this organisation (another's is 404)."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
        target = content_type.get_object_for_this_type(pk=object_id)
    except ObjectDoesNotExist as missing:
        raise Http404("No such record") from missing
    if getattr(target, "organisation_id", None) != request.organisation.pk:
        raise Http404("No such record")
    following = request.POST.get("following") == "1"
    services.follow(
        user=request.user, organisation=request.organisation, target=target, following=following
    )
    messages.success(request, "You follow this now." if following else "You stopped following.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return redirect(back)


@org_member_required(Capability.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def failed_tasks(request: OrgRequest) -> HttpResponse:
    """Background work that failed on every attempt: the organisation's, and for installation
    admins (superusers) the installation-wide too (digests)."""
    shown = Q(organisation=request.organisation)
    if request.user.is_superuser:
        shown |= Q(organisation=None)
    pending = FailedTask.objects.filter(shown, retried_at=None)
    if request.method == "POST":
        pk = request.POST.get("pk", "")
        tasks.retry_failed(failed=get_object_or_404(pending, pk=int(pk) if pk.isdigit() else 0))
        messages.success(request, "The task will run again shortly.")
        return redirect("activity:failed_tasks", request.organisation.slug)
    return render(request, "activity/failed_tasks.jinja", {"failed": pending[:200]})

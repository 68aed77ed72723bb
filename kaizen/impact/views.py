"""The impact ledger page (totals by kind, rolled up by area, value stream or priority, for a
period; a CSV export) and adding or validating an entry on any record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.impact import services
from kaizen.impact.forms import EntryForm
from kaizen.impact.models import ImpactEntry
from kaizen.measures.csv_export import csv_response
from kaizen.web import form_error_text, post_action

GROUPS = {"": "Kind only", "unit": "Area", "value_stream": "Value stream", "priority": "Priority"}


def panel_for(request: OrgRequest, target: Model) -> dict[str, Any]:
    """What a record's page needs to show its impact panel (impact/_panel.jinja)."""
    content_type = ContentType.objects.get_for_model(target)
    entries = services.entries_for(target)
    return {
        "entries": entries,
        "totals": services.totals(entries),
        "add_url": reverse(
            "impact:add", args=[request.organisation.slug, content_type.pk, target.pk]
        ),
        "form": EntryForm(prefix="impact"),
        "can_add": request.membership.can(Capability.RUN_PROJECTS),
    }


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@org_member_required(Capability.VIEW)
def ledger(request: OrgRequest) -> HttpResponse:
    since, until = _date(request.GET.get("since", "")), _date(request.GET.get("until", ""))
    group = request.GET.get("by", "")
    group = group if group in GROUPS else ""
    entries = services.ledger(request.organisation, since=since, until=until)
    if request.GET.get("format") == "csv":
        rows = services.csv_rows(
            entries.select_related("validated_by", "unit", "value_stream", "priority")
        )
        return csv_response("impact.csv", rows)
    context = {
        "totals": services.totals(entries, by=group),
        "entries": entries.select_related("validated_by", "unit")[:200],
        "groups": GROUPS,
        "params": {"since": since, "until": until, "by": group},
        "can_validate": request.membership.can(Capability.VALIDATE_IMPACT),
    }
    return render(request, "impact/ledger.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def entry_add(request: OrgRequest, content_type_id: int, object_id: int) -> HttpResponse:
    """Add an impact to any record of this organisation (another's is 404)."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    try:
        target = content_type.get_object_for_this_type(pk=object_id)
    except ObjectDoesNotExist as missing:
        raise Http404("No such record") from missing
    if getattr(target, "organisation_id", None) != request.organisation.pk:
        raise Http404("No such record")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    form = EntryForm(request.POST, prefix="impact")
    form.organisation = request.organisation  # type: ignore[attr-defined]
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(back)
    return post_action(
        request,
        back,
        lambda: services.entry_add(
            organisation=request.organisation,
            target=target,
            by=request.user,
            values=form.cleaned_data,
            url=back,
        ),
        "Impact recorded (estimated until validated).",
    )


@org_member_required(Capability.VALIDATE_IMPACT)
@require_POST
def entry_validate(request: OrgRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ImpactEntry, pk=pk, organisation=request.organisation)
    return post_action(
        request,
        reverse("impact:ledger", args=[request.organisation.slug]),
        lambda: services.entry_validate(entry=entry, by=request.user),
        "Validated.",
    )

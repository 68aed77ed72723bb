"""The audit trail page: an organisation's changes, newest first, filterable."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from kaizen.accounts.models import User
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.audit.models import AuditEvent, AuditEventQuerySet

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Who")
    action = forms.ChoiceField(required=False, label="What")
    target_type = forms.ChoiceField(required=False, label="Kind of record")

    def __init__(self, events: AuditEventQuerySet, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Choices come from the organisation's own events, so no other organisation's people
        # or record kinds can appear in the lists.
        self.fields["actor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=events.values("actor_id")
        )
        self.fields["actor"].empty_label = "Anyone"  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", "Any change"), *AuditEvent.Action.choices]  # type: ignore[attr-defined]
        kinds = events.order_by("target_type").values_list("target_type", flat=True).distinct()
        self.fields["target_type"].choices = [  # type: ignore[attr-defined]
            ("", "Any record"),
            *((kind, AuditEvent(target_type=kind).target_label) for kind in kinds),
        ]


@org_member_required(Capability.VIEW_AUDIT)
def audit_list(request: OrgRequest) -> HttpResponse:
    events = AuditEvent.objects.for_organisation(request.organisation)
    form = AuditFilterForm(events, request.GET or None)
    if form.is_valid():
        actor = form.cleaned_data["actor"]
        events = events.filtered(
            actor_id=actor.pk if actor else None,
            action=form.cleaned_data["action"],
            target_type=form.cleaned_data["target_type"],
        )
    page = Paginator(events.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    # Page links keep the filters: everything in the query string except the page number.
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/audit_list.jinja", context)

"""The hours released for improvement, per unit (rolled up) and month: events, training and their
total, as one printable table every member reads (linked from the events and training pages)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.events.hours import improvement_hours
from kaizen.training.dosage import month_ends

MONTH_CHOICES = (6, 12, 24)
DEFAULT_MONTHS = 12


@org_member_required(Capability.VIEW)
def hours(request: OrgRequest) -> HttpResponse:
    asked = request.GET.get("months", "")
    # Only the lengths offered: a typed ?months=9999 would make a table nobody can read.
    count = int(asked) if asked in {str(n) for n in MONTH_CHOICES} else DEFAULT_MONTHS
    months = [end.replace(day=1) for end in month_ends(timezone.localdate(), count)]
    context = {
        "months": months,
        "count": count,
        "choices": MONTH_CHOICES,
        "rows": improvement_hours(request.organisation, months),
    }
    return render(request, "events/hours.jinja", context)

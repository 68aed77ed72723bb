"""Training's reports: QI dosage by unit and tier, and demand for places as SPC charts."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from markupsafe import Markup

from kaizen.accounts.models import OrgUnit
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.training import demand
from kaizen.training.demand import page_svg
from kaizen.training.dosage import (
    Cell,
    active_improvers,
    first_trained,
    month_ends,
    people_in,
    quarters_back,
    trained_over_time,
)
from kaizen.training.dosage import dosage as dosage_rows
from kaizen.training.forms import HeadcountForm, ImportForm, TargetForm
from kaizen.training.headcount import headcount_set, import_headcounts
from kaizen.training.hours import hours_released
from kaizen.training.models import DosageTarget, Tier
from kaizen.training.views import csv_upload
from kaizen_spc import spc
from kaizen_spc.svg import render_sparkline_svg

QUARTERS = 12


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def targets(request: OrgRequest) -> HttpResponse:
    """A unit's own target at a tier (a page of its own: its list of units is long)."""
    organisation = request.organisation
    form = TargetForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        # A unit has one target per tier: setting it again replaces it.
        existing = DosageTarget.objects.filter(
            unit=form.cleaned_data["unit"], tier=form.cleaned_data["tier"]
        ).first()
        if existing:
            form.instance.pk = existing.pk
        save_form(actor=request.user, organisation=organisation, form=form)
        messages.success(request, "Saved the target.")
        return redirect("training:dosage", organisation.slug)
    return render(request, "training/targets.jinja", {"form": form})


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def headcounts(request: OrgRequest) -> HttpResponse:
    """Each unit's staff in post, one at a time here or many by CSV (headcount_import)."""
    organisation = request.organisation
    form = HeadcountForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        unit, staff = form.cleaned_data["unit"], form.cleaned_data["staff"]
        headcount_set(unit=unit, staff=staff, by=request.user)
        messages.success(request, f"Saved the staff in post of {unit}.")
        return redirect("training:headcounts", organisation.slug)
    members = dict(
        OrgUnit.objects.filter(organisation=organisation)
        .annotate(members=Count("membership"))
        .values_list("pk", "members")
    )
    units = OrgUnit.objects.filter(organisation=organisation).select_related("headcount", "parent")
    context = {
        "form": form,
        "import_form": ImportForm(columns="unit (its name, or “parent > name”), staff"),
        "units": [(unit, getattr(unit, "headcount", None), members[unit.pk]) for unit in units],
    }
    return render(request, "training/headcounts.jinja", context)


@org_member_required(Capability.MANAGE_TRAINING)
@require_POST
def headcount_import(request: OrgRequest) -> HttpResponse:
    return csv_upload(
        request,
        importer=import_headcounts,
        back=("training:headcounts", "Back to staff in post"),
        done="Imported the staff in post of {count} units.",
    )


@org_member_required(Capability.VIEW)
def dosage(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    tiers = list(organisation.tiers.all())
    firsts = first_trained(organisation, tiers)
    rows = dosage_rows(organisation, tiers, firsts)
    ends = quarters_back(timezone.localdate(), QUARTERS)
    over_time = trained_over_time(tiers, firsts, ends)
    active = active_improvers(organisation, tiers, firsts, timezone.localdate())
    trends = [
        {
            "tier": tier,
            "trained": active[tier.rank][0],
            "active": active[tier.rank][1],
            "counts": over_time[tier.rank],
            "sparkline": Markup(
                render_sparkline_svg(spc(ends, over_time[tier.rank], chart="run"), width=160)
            ),
        }
        for tier in tiers
    ]
    context = {
        "tiers": tiers,
        "rows": rows,
        "ends": ends,
        "trends": trends,
        "can_manage": request.membership.can(Capability.MANAGE_TRAINING),
        # Each unit's page is this plus its id: one reverse, not one per row of hundreds.
        "units_url": reverse("training:unit_dosage", args=[organisation.slug, 0])[:-2],
    }
    return render(request, "training/dosage.jinja", context)


@org_member_required(Capability.VIEW)
def demand_page(request: OrgRequest) -> HttpResponse:
    charts = demand.charts(request.organisation, timezone.localdate())
    return render(request, "training/demand.jinja", {"charts": charts})


MONTHS_CHARTED = 24
MONTHS_OF_HOURS = 12


@org_member_required(Capability.VIEW)
def unit_dosage(request: OrgRequest, pk: int) -> HttpResponse:
    """One unit's share of staff trained at each tier, month by month, against its target:
    run charts, so a rise shows as a shift or run rather than a colour."""
    organisation = request.organisation
    unit = get_object_or_404(OrgUnit, pk=pk, organisation=organisation)
    tiers = list(organisation.tiers.all())
    firsts = first_trained(organisation, tiers)
    row = next(r for r in dosage_rows(organisation, tiers, firsts) if r.unit.pk == unit.pk)
    theirs = firsts[np.isin(firsts[:, 0], people_in(organisation, unit))]
    ends = month_ends(timezone.localdate(), MONTHS_CHARTED)
    over_time = trained_over_time(tiers, theirs, ends)
    charts = [
        {"tier": tier, "cell": cell, "svg": _share_chart(tier, cell, row.headcount, ends, counts)}
        for tier, cell, counts in zip(
            tiers, row.cells, [over_time[t.rank] for t in tiers], strict=True
        )
    ]
    context = {"unit": unit, "row": row, "charts": charts, "ends": ends}
    return render(request, "training/unit_dosage.jinja", context)


def _share_chart(
    tier: Tier, cell: Cell, headcount: int, ends: list[dt.date], counts: list[int]
) -> Markup | None:
    if not headcount or not (cell.target_percent or any(counts)):
        return None
    shares = [100 * count / headcount for count in counts]
    return page_svg(
        spc(ends, shares, chart="run"),
        title=f"Trained at {tier.name} or deeper",
        unit="%",
        target=cell.target_percent or None,
    )


@org_member_required(Capability.VIEW)
def hours(request: OrgRequest) -> HttpResponse:
    months = [end.replace(day=1) for end in month_ends(timezone.localdate(), MONTHS_OF_HOURS)]
    rows = hours_released(request.organisation, months)
    return render(request, "training/hours.jinja", {"months": months, "rows": rows})

"""Change packages: curated by coaches and network coordinators, read and adopted by the
members of the package's network, with the spread of each package on its own page."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.network import packages
from kaizen.network.adoption import adopt_package, adopt_shared_idea, spread
from kaizen.network.forms import AdoptForm, PackageForm, PackageVersionForm
from kaizen.network.models import Adoption, ChangePackage, SharedItem
from kaizen.network.permissions import (
    can_curate,
    can_start_package,
    require_curate,
    require_start_package,
)
from kaizen.network.spread_chart import spread_svg
from kaizen.web import add_errors


def _readable(request: OrgRequest, pk: int) -> ChangePackage:
    return get_object_or_404(ChangePackage.objects.readable_by(request.organisation), pk=pk)


@org_member_required()
def package_list(request: OrgRequest) -> HttpResponse:
    items = ChangePackage.objects.readable_by(request.organisation).select_related(
        "organisation", "network"
    )
    context = {"packages": items, "can_start": can_start_package(request.membership)}
    return render(request, "network/packages.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def package_new(request: OrgRequest) -> HttpResponse:
    require_start_package(request)
    form = PackageForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            package = packages.package_create(
                organisation=request.organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("network:package", org=request.organisation.slug, pk=package.pk)
    return render(request, "network/package_form.jinja", {"form": form, "package": None})


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def package_revise(request: OrgRequest, pk: int) -> HttpResponse:
    package = _readable(request, pk)
    require_curate(request, package)
    current = package.current()
    initial = {"aim": current.aim, "how_to_start": current.how_to_start}
    form = PackageVersionForm(request.organisation, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            packages.package_publish(package=package, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("network:package", org=request.organisation.slug, pk=package.pk)
    return render(request, "network/package_form.jinja", {"form": form, "package": package})


@org_member_required()
def package_detail(request: OrgRequest, pk: int) -> HttpResponse:
    """The package as published (any version, the current by default) and its spread: every
    adopter's stage and whether the change worked there, live from their own data."""
    package = _readable(request, pk)
    versions = list(package.versions.all())
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == wanted), versions[0])
    rows = spread(package.adoptions.all())
    context = {
        "package": package,
        "version": version,
        "versions": versions,
        "rows": rows,
        "spread_map": spread_svg(rows, timezone.localdate()),
        "can_curate": can_curate(request.membership, package),
        "can_adopt": request.membership.can(Capability.RUN_PROJECTS),
    }
    return render(request, "network/package.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def package_adopt(request: OrgRequest, pk: int) -> HttpResponse:
    package = _readable(request, pk)
    return _adopt_page(request, package.title, partial(adopt_package, package=package))


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def item_adopt(request: OrgRequest, pk: int) -> HttpResponse:
    """Adopt a change idea another organisation shared on its own."""
    item = get_object_or_404(
        SharedItem.objects.readable_by(request.user), pk=pk, kind=SharedItem.Kind.IDEA
    )
    return _adopt_page(request, item.title, partial(adopt_shared_idea, item=item))


def _adopt_page(request: OrgRequest, title: str, adopt: Callable[..., Adoption]) -> HttpResponse:
    """Where to test the change; then on to the adopter's own, prefilled project."""
    form = AdoptForm(request.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adoption = adopt(
                organisation=request.organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            assert adoption.project is not None
            return redirect(adoption.project.get_absolute_url())
    return render(request, "network/adopt.jinja", {"form": form, "title": title})

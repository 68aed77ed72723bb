"""Signing in and out, the list of the user's organisations, and an organisation's home."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts import throttling
from kaizen.accounts.forms import SignInForm
from kaizen.accounts.permissions import OrgRequest, org_member_required


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    throttled = False
    if request.method == "POST":
        email = request.POST.get("email", "")
        address = throttling.client_address(request)
        # Checked before the password, so a throttled guesser learns nothing from trying.
        throttled = throttling.is_throttled(email, address)
        if not throttled and form.is_valid() and form.user is not None:
            throttling.clear_failures(email)
            login(request, form.user)
            return redirect(_safe_next(request) or "home")
        if not throttled:
            throttling.record_failure(email, address)
    context = {
        "form": form,
        "throttled": throttled,
        "window_minutes": throttling.window_minutes(),
        "next": _safe_next(request),
    }
    return render(request, "accounts/sign_in.jinja", context, status=429 if throttled else 200)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("organisation"))  # type: ignore[union-attr]
    # Most people belong to one organisation: take them straight in.
    if len(memberships) == 1:
        return redirect("org_home", org=memberships[0].organisation.slug)
    return render(request, "accounts/home.jinja", {"memberships": memberships})


@org_member_required()
def org_home(request: OrgRequest) -> HttpResponse:
    return render(request, "accounts/org_home.jinja")

"""Signing in and out, the user's organisations, an organisation's home, joining by invitation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kaizen import registry
from kaizen.accounts import services, throttling
from kaizen.accounts.forms import RegistrationForm, SignInForm
from kaizen.accounts.models import Invitation, Membership, User
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.sign_in_views import finish_sign_in


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
        # An attempt is claimed before the password is checked, so a throttled guesser learns
        # nothing from trying and parallel guesses cannot slip past the limit.
        throttled = bool(email) and not throttling.claim_attempt(email, address)
        if not throttled and form.is_valid() and form.user is not None:
            throttling.signed_in(email, address)
            return finish_sign_in(request, form.user, _safe_next(request))
    if throttled:
        # Rendering a bound form would validate it, checking the password after all.
        form = SignInForm(request, initial={"email": request.POST.get("email", "")})
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
    return redirect("accounts:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user_id=request.user.pk or 0).select_related("organisation")
    )
    # Most people belong to one organisation: take them straight in.
    if len(memberships) == 1:
        return redirect("organisation:org_home", org=memberships[0].organisation.slug)
    return render(request, "accounts/home.jinja", {"memberships": memberships})


@org_member_required()
def org_home(request: OrgRequest) -> HttpResponse:
    return render(request, "accounts/org_home.jinja")


@org_member_required()
def section(request: OrgRequest, section: str) -> HttpResponse:
    # One header link stands for several apps' pages; this page lists those the role may use.
    slug = request.organisation.slug
    entries = [
        {"text": entry.text, "href": reverse(entry.url_name, kwargs={"org": slug})}
        for entry in registry.navigation()
        if entry.section == section and request.membership.can(entry.capability)
    ]
    context = {"title": registry.SECTIONS[section], "entries": entries}
    return render(request, "accounts/section.jinja", context)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "accounts/invitation_invalid.jinja", {"reason": error}, status=410)
    context: dict[str, object] = {"invitation": invitation}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email:
            # Someone else's link: joining would give this account another person's access.
            return render(request, "accounts/invitation_other_user.jinja", context, status=403)
        if request.method == "POST":
            services.accept_invitation(invitation=invitation, user=user)
            return _joined(request, invitation)
        return render(request, "accounts/invitation_accept.jinja", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["sign_in_url"] = f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"
        return render(request, "accounts/invitation_sign_in.jinja", context)
    form = RegistrationForm(invitation.email, request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_user = services.register_from_invitation(
            invitation=invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, new_user)
        return _joined(request, invitation)
    context["form"] = form
    return render(request, "accounts/invitation_register.jinja", context)


def _joined(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(request, f"Welcome to {invitation.organisation.name}.")
    return redirect("organisation:org_home", org=invitation.organisation.slug)

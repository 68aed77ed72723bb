"""Sign-in by emailed link, the second-factor step, and setting up an authenticator app."""

from __future__ import annotations

import time

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts import sign_in_flow as flow
from kaizen.accounts import throttling
from kaizen.accounts.models import User
from kaizen.privacy.forms import ScreenedForm

PENDING = "kaizen_second_factor_pending"
# django-otp also pauses a device for a few seconds after each wrong code, doubling each time.
WRONG_CODE = "The code is not right. Check your app's code, wait a few seconds and try again."


class LinkForm(ScreenedForm, forms.Form):
    email = forms.EmailField(
        label="Email address", error_messages={"required": "Enter your email address"}
    )


class CodeForm(ScreenedForm, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        error_messages={"required": "Enter the code"},
    )

    def clean_code(self) -> str:
        # Apps show codes as "123 456"; people type them that way.
        return str(self.cleaned_data["code"]).replace(" ", "")


def finish_sign_in(request: HttpRequest, user: User, next_url: str = "") -> HttpResponse:
    """Sign ``user`` in, or first ask for their second factor when they have one."""
    if flow.has_second_factor(user):
        # Not signed in yet: the session only remembers who is half-way.
        request.session[PENDING] = {"user": user.pk, "next": next_url, "at": time.time()}
        return redirect("accounts:sign_in_code")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_url or "accounts:home")


@require_http_methods(["GET", "POST"])
def sign_in_link_request(request: HttpRequest) -> HttpResponse:
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, address = form.cleaned_data["email"], throttling.client_address(request)
        # Links are limited too, or the form would flood someone's inbox.
        if not throttling.claim(*throttling.link_limits(email, address)):
            return render(
                request,
                "accounts/sign_in_link_form.jinja",
                {"form": form, "throttled": True},
                status=429,
            )
        flow.email_sign_in_link(email=email, absolute_url=request.build_absolute_uri)
        return render(request, "accounts/sign_in_link_sent.jinja", {"email": email})
    return render(request, "accounts/sign_in_link_form.jinja", {"form": form, "throttled": False})


@require_http_methods(["GET", "POST"])
def sign_in_link_use(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows a button: mail scanners that follow links must not use them up.
    if request.method == "GET":
        return render(request, "accounts/sign_in_link_use.jinja")
    try:
        user = flow.use_sign_in_link(token)
    except flow.SignInLinkError as error:
        return render(request, "accounts/sign_in_link_invalid.jinja", {"reason": error}, status=410)
    return finish_sign_in(request, user)


def _half_signed_in(request: HttpRequest) -> tuple[User, str] | None:
    """The person who gave their password (or link) and owes a code, and where they go next."""
    pending = request.session.get(PENDING)
    user = User.objects.filter(pk=pending["user"], is_active=True).first() if pending else None
    if pending is None or user is None or flow.pending_expired(pending["at"]):
        request.session.pop(PENDING, None)
        return None
    return user, pending["next"]


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    if (half := _half_signed_in(request)) is None:
        return redirect("accounts:login")
    user, next_url = half
    form = CodeForm(request.POST or None)
    throttled = False
    if request.method == "POST" and form.is_valid():
        # Claimed before the code is checked, as for passwords.
        limit = throttling.code_limit(user.pk)
        throttled = not throttling.claim(limit)
        device = None if throttled else django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            throttling.forget(limit)
            del request.session[PENDING]
            user.otp_device = device  # type: ignore[attr-defined]  # verifies the session
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "accounts:home")
        if not throttled:
            form.add_error("code", WRONG_CODE)
    context = {"form": form, "throttled": throttled, "window_minutes": throttling.window_minutes()}
    return render(request, "accounts/sign_in_code.jinja", context, status=429 if throttled else 200)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    device = flow.pending_app(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if (codes := flow.confirm_app(device=device, code=code)) is not None:
            django_otp.login(request, device)
            return render(request, "accounts/second_factor_codes.jinja", {"codes": codes})
        if (known := django_otp.match_token(user, code)) is not None:
            # Someone with an app already, asked for it before going on.
            django_otp.login(request, known)
            return redirect("accounts:home")
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "qr_code": flow.qr_code_svg(device),
        "manual_key": flow.manual_key(device),
        "has_app": flow.has_second_factor(user),
        "verified": user.is_verified(),  # type: ignore[attr-defined]  # set by OTPMiddleware
        "required": flow.must_use_second_factor(user),
    }
    return render(request, "accounts/second_factor.jinja", context)


@login_required
@require_POST
def second_factor_stop(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if flow.must_use_second_factor(user):
        messages.error(request, "Your organisation requires its admins to use an app.")
    elif not user.is_verified():  # type: ignore[attr-defined]  # set by OTPMiddleware
        # Only a session that gave a code may remove the need for one.
        messages.error(request, "Enter a code from your app first.")
    else:
        flow.stop_second_factor(user)
        messages.success(request, "You no longer use an authenticator app to sign in.")
    return redirect("accounts:second_factor")

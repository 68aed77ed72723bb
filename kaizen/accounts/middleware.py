"""An organisation that requires its admins to use a second factor gets it: an admin whose
session has not been verified by one is sent to set it up (or enter it) before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kaizen.accounts import sign_in_flow
from kaizen.accounts.models import User

# Pages an admin may still reach before setting it up: the set-up itself and signing out.
ALLOWED_URL_NAMES = ("accounts:second_factor", "accounts:logout")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
            and not self._allowed(request.path)
            and sign_in_flow.must_use_second_factor(user)
        ):
            return redirect("accounts:second_factor")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        return path.startswith(settings.STATIC_URL or "/static/") or path in {
            reverse(name) for name in ALLOWED_URL_NAMES
        }

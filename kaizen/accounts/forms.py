"""Forms for signing in, invitations, members and the organisation's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from kaizen.accounts.models import User


class SignInForm(forms.Form):
    email = forms.EmailField(label="Email address")
    password = forms.CharField(label="Password", strip=False)

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "email" in data and "password" in data:
            user = authenticate(self.request, email=data["email"], password=data["password"])
            if user is None:
                # One message for a wrong email or a wrong password: do not reveal which.
                raise forms.ValidationError("Enter a correct email address and password.")
            assert isinstance(user, User)
            self.user = user
        return data

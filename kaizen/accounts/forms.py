"""Forms for signing in, invitations, members and the organisation's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from kaizen.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgUnit,
    User,
    ValueStream,
    email_domains,
)
from kaizen.privacy.forms import ScreenedForm


class SignInForm(ScreenedForm, forms.Form):
    email = forms.EmailField(
        label="Email address", error_messages={"required": "Enter your email address"}
    )
    password = forms.CharField(
        label="Password", strip=False, error_messages={"required": "Enter your password"}
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        # Addresses are stored in lower case; people type them any way.
        return str(self.cleaned_data["email"]).lower()

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


def _unit_field(organisation: Organisation, label: str) -> forms.ModelChoiceField[OrgUnit]:
    return forms.ModelChoiceField(
        queryset=OrgUnit.objects.for_organisation(organisation),
        required=False,
        label=label,
        empty_label="None",
    )


class InvitationForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Invitation
        fields = ["email", "role", "unit"]
        labels = {"email": "Email address", "unit": "Unit (optional)"}
        error_messages = {
            "email": {
                "required": "Enter the email address to invite",
                "invalid": "Enter an email address like name@nhs.net",
            }
        }

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["unit"] = _unit_field(organisation, "Unit (optional)")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person is already a member.")
        return email


class MembershipForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Membership
        fields = ["role", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(self.instance.organisation, "Unit")


class RegistrationForm(ScreenedForm, forms.Form):
    """A new user's name and password, when they accept an invitation."""

    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        help_text="At least 12 characters. Avoid common words and your name.",
    )
    password2 = forms.CharField(label="Confirm password", strip=False)

    def __init__(self, email: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password1")
        if password and password != data.get("password2"):
            self.add_error("password2", "The passwords do not match.")
        elif password:
            user = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class OrganisationForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "hospital_number_pattern",
            "require_admin_second_factor",
            "sso_domains",
            "sso_role",
        ]
        labels = {"hospital_number_pattern": "Hospital number pattern (optional)"}
        error_messages = {"name": {"required": "Enter the organisation's name"}}
        help_texts = {
            "hospital_number_pattern": "A regular expression matching your hospital numbers, "
            "for example RX[0-9]{7}. Text that contains one is refused.",
            "require_admin_second_factor": "Admins must set up an authenticator app "
            "before they can do anything else.",
            "sso_domains": "People who sign in with their NHS account at an address on one of "
            "these domains (for example kestrelvale.nhs.uk) become members the first time, "
            "without an invitation. Separate domains with commas. Leave empty to invite "
            "everyone.",
        }

    # The pattern is a regular expression and the domains are addresses, not prose.
    unscreened_fields = ("hospital_number_pattern", "sso_domains")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only read when domains are named; a form without it keeps the role as it is.
        self.fields["sso_role"].required = False

    def clean_sso_role(self) -> str:
        return str(self.cleaned_data["sso_role"] or self.instance.sso_role)

    def clean_sso_domains(self) -> str:
        domains = email_domains(self.cleaned_data["sso_domains"])
        others = Organisation.objects.exclude(pk=self.instance.pk).exclude(sso_domains="")
        for other in others:
            if taken := set(domains) & set(email_domains(other.sso_domains)):
                raise forms.ValidationError(
                    f"{other.name} already lets people from {', '.join(sorted(taken))} join: "
                    "a domain can lead to one organisation only."
                )
        return ", ".join(domains)


class OrgUnitForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "parent"]
        error_messages = {"name": {"required": "Enter the unit's name"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _unit_field(self.instance.organisation, "Sits under")

    def clean_parent(self) -> OrgUnit | None:
        parent: OrgUnit | None = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.pk in self.instance.subtree_ids():
            raise forms.ValidationError("A unit cannot sit under itself or one of its own units.")
        return parent

    def validate_unique(self) -> None:
        # The case-insensitive name constraint includes the organisation, which is not a form
        # field, so check it here to show a message instead of a database error.
        super().validate_unique()
        name, parent = self.cleaned_data.get("name"), self.cleaned_data.get("parent")
        if name is None:
            return
        siblings = OrgUnit.objects.filter(
            organisation=self.instance.organisation, parent=parent, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if siblings.exists():
            self.add_error("name", "There is already a unit with this name here.")


class ValueStreamForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ValueStream
        fields = ["name", "description"]
        error_messages = {"name": {"required": "Enter the value stream's name"}}

    def validate_unique(self) -> None:
        super().validate_unique()
        name = self.cleaned_data.get("name")
        others = ValueStream.objects.filter(organisation=self.instance.organisation, name=name)
        if name and others.exclude(pk=self.instance.pk).exists():
            self.add_error("name", "There is already a value stream with this name.")


class OrgNamedForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    """A name unique within the organisation, checked here so a duplicate gets a clear message
    instead of a database error."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        model = self._meta.model
        taken = model._default_manager.filter(
            organisation=self.instance.organisation, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is already one called “{name}”.")
        return name

"""Forms for ideas, answers, huddle actions and Stop-Doing: every one screened for patient data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.ideas.escalation import neighbours
from kaizen.ideas.models import Campaign, Idea, IdeaStatus, Nomination
from kaizen.ideas.photos import MAX_BYTES
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm
from kaizen.projects.models import Project


def _members(organisation: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=organisation)


class OrgForm(ScreenedForm, forms.Form):
    """A screened form whose choices are the organisation's own records."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)


class IdeaForm(OrgForm):
    problem = forms.CharField(
        label="What is the problem?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say what the problem is."},
    )
    proposal = forms.CharField(
        label="What could we try?", widget=forms.Textarea, max_length=2000, required=False
    )
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label="Where", required=False)
    value_stream = forms.ModelChoiceField(queryset=ValueStream.objects.none(), required=False)
    measure = forms.ModelChoiceField(
        queryset=Measure.objects.none(), label="A measure it would improve", required=False
    )
    photo = forms.FileField(
        label="A photo (optional)",
        required=False,
        help_text=f"JPEG or PNG, up to {MAX_BYTES // (1024 * 1024)} MB. "
        "Location and camera details are removed.",
    )
    author = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Raising it for a colleague? Their name",
        required=False,
    )
    co_authors = forms.CharField(
        label="Co-authors (optional)",
        required=False,
        max_length=1000,
        help_text="The email addresses of colleagues who worked on it with you, "
        "separated by commas. They are credited and hear every answer.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.organisation
        self.fields["unit"].queryset = OrgUnit.objects.for_organisation(organisation)  # type: ignore[attr-defined]
        self.fields["value_stream"].queryset = ValueStream.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        self.fields["measure"].queryset = Measure.objects.for_organisation(organisation)  # type: ignore[attr-defined]
        self.fields["author"].queryset = _members(organisation)  # type: ignore[attr-defined]

    def clean_co_authors(self) -> list[User]:
        """Each address must be a member's: co-authors are credited colleagues, never strangers."""
        addresses = {a.strip().casefold() for a in self.cleaned_data["co_authors"].split(",")}
        addresses.discard("")
        members = list(_members(self.organisation).filter(email__in=addresses))
        unknown = addresses - {member.email.casefold() for member in members}
        if unknown:
            raise forms.ValidationError(
                f"No member of {self.organisation} has the address {', '.join(sorted(unknown))}. "
                "Check the spelling, or leave them out."
            )
        return members


class EditIdeaForm(ScreenedForm, forms.Form):
    problem = IdeaForm.base_fields["problem"]
    proposal = IdeaForm.base_fields["proposal"]


class AnswerForm(OrgForm):
    status = forms.ModelChoiceField(queryset=IdeaStatus.objects.none())
    text = forms.CharField(
        label="Your answer (the author and supporters are told)",
        widget=forms.Textarea,
        error_messages={"required": "Write the answer the author and supporters will read."},
    )
    duplicate_of = forms.IntegerField(label="Duplicate of idea number", required=False, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = IdeaStatus.objects.filter(  # type: ignore[attr-defined]
            organisation=self.organisation
        )

    def clean_duplicate_of(self) -> Idea | None:
        number = self.cleaned_data.get("duplicate_of")
        if number is None:
            return None
        idea = Idea.objects.for_organisation(self.organisation).filter(pk=number).first()
        if idea is None:
            raise forms.ValidationError("There is no idea with that number.")
        return idea


class ChangeIdeaForm(OrgForm):
    project = forms.ModelChoiceField(queryset=Project.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_organisation(self.organisation)  # type: ignore[attr-defined]


class QuickFixForm(OrgForm):
    who = forms.ModelChoiceField(queryset=User.objects.none(), label="Who will do it")
    due = forms.DateField(label="By when", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who"].queryset = _members(self.organisation)  # type: ignore[attr-defined]


class NewProjectForm(ScreenedForm, forms.Form):
    title = forms.CharField(max_length=200, required=False, label="Project title")


class ActionForm(OrgForm):
    text = forms.CharField(max_length=300, label="Action")
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(self.organisation)  # type: ignore[attr-defined]


class EscalateForm(ScreenedForm, forms.Form):
    """Move an item on ``unit``'s board up to the unit above or back to one below."""

    to_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label="Move to")
    reason = forms.CharField(
        widget=forms.Textarea, label="Why", error_messages={"required": "Say why it moves."}
    )

    def __init__(self, *args: Any, unit: OrgUnit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = OrgUnit.objects.filter(pk__in=neighbours(unit))  # type: ignore[attr-defined]


class CampaignForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Campaign
        fields = ["title", "unit", "opens", "closes"]
        widgets = {
            "opens": forms.DateInput(attrs={"type": "date"}),
            "closes": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.for_organisation(organisation)  # type: ignore[attr-defined]
        self.fields["opens"].initial = timezone.localdate()


class NominationForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Nomination
        fields = ["what", "who_does_it", "times_per_week", "minutes_each", "why"]
        error_messages = {
            "minutes_each": {"min_value": "Minutes cannot be negative."},
        }

    def clean_times_per_week(self) -> Any:
        value = self.cleaned_data["times_per_week"]
        if value is not None and value <= 0:
            raise forms.ValidationError("Say how many times a week, more than none.")
        return value


class DecisionForm(OrgForm):
    decision = forms.ChoiceField(choices=Nomination.Decision.choices[1:])
    reason = forms.CharField(
        widget=forms.Textarea, error_messages={"required": "Give the reason for the decision."}
    )
    hours_per_week = forms.DecimalField(
        label="Hours released a week (confirm or correct)",
        required=False,
        min_value=0,
        decimal_places=2,
        error_messages={"min_value": "Hours released cannot be negative."},
    )
    redeployed_project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        label="The project the time goes to (if any)",
        required=False,
    )
    redeployed_to = forms.CharField(
        label="Or where else the time went (an RPIW, training...)", required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["redeployed_project"].queryset = Project.objects.for_organisation(  # type: ignore[attr-defined]
            self.organisation
        )

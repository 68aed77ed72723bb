"""Forms for planning an event, its target sheet, team, checklist and report-outs, and for the
ideas, actions and change ideas it raises."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.events.models import (
    ChecklistItem,
    Event,
    FollowUp,
    Participant,
    PreparationStep,
    ReportOut,
    Target,
)
from kaizen.ideas.forms import IdeaForm, OrgForm
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm
from kaizen.privacy.images import reencode
from kaizen.projects.models import Project

DateInput = forms.DateInput(attrs={"type": "date"})


def _members(organisation: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=organisation)


class EventForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "scope",
            "value_stream",
            "unit",
            "starts_on",
            "ends_on",
            "sponsor",
            "process_owner",
            "team_lead",
            "coach",
        ]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        labels = {"starts_on": "First day", "ends_on": "Last day"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        fields: Any = self.fields
        fields["value_stream"].queryset = organisation.value_streams.all()
        fields["unit"].queryset = OrgUnit.objects.filter(organisation=organisation)
        for name in ("sponsor", "process_owner", "team_lead", "coach"):
            fields[name].queryset = _members(organisation)


class TargetForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Target
        fields = ["measure", "baseline", "target"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.event = event
        fields: Any = self.fields
        fields["measure"].queryset = Measure.objects.filter(organisation=event.organisation)


class ParticipantForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Participant
        fields = ["person", "release_hours", "backfill_hours", "backfill_cost"]
        labels = {"release_hours": "Hours released", "backfill_hours": "Backfill hours"}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.event = event
        fields: Any = self.fields
        fields["person"].queryset = _members(event.organisation)


class ChecklistForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ChecklistItem
        fields = ["weeks_before", "text"]
        labels = {"text": "Preparation step", "weeks_before": "Weeks before the event"}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.event = event


class ReportOutForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    """A report-out of ``kind`` (daily, or a follow-up), with an optional photo that is
    re-encoded here, so what reaches the service carries no EXIF or GPS."""

    photo = forms.FileField(required=False, label="Photo (optional, JPEG or PNG)")
    alt_text = forms.CharField(
        max_length=300,
        required=False,
        label="Describe the photo",
        help_text="Required with a photo, for people who cannot see it.",
    )

    class Meta:
        model = ReportOut
        fields = ["on", "notes"]
        widgets = {"on": DateInput}
        labels = {"on": "Date"}

    def __init__(self, *args: Any, event: Event, kind: str = "daily", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.instance.kind = kind

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        photo, alt_text = data.get("photo"), data.get("alt_text")
        data["photos"] = []
        if photo and not alt_text:
            self.add_error("alt_text", "Describe the photo for people who cannot see it.")
        elif photo:
            try:
                data["photos"] = [(reencode(photo), alt_text)]
            except ValidationError as error:
                self.add_error("photo", error)
        return data


class FollowUpForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FollowUp
        fields = ["owner", "due_on"]
        widgets = {"due_on": DateInput}
        labels = {"owner": "Who gives it"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["owner"].queryset = _members(self.instance.event.organisation)


class PreparationStepForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PreparationStep
        fields = ["weeks_before", "text"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation


class SpawnIdeaForm(OrgForm):
    """An idea for the unit's huddle board, worded as the ideas app asks for any idea."""

    problem = IdeaForm.base_fields["problem"]
    proposal = IdeaForm.base_fields["proposal"]


class SpawnChangeIdeaForm(OrgForm):
    """A change idea for one of ``projects`` (those the person may change)."""

    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        error_messages={"required": "Choose the project to add the change idea to."},
    )
    title = forms.CharField(
        label="Change idea",
        max_length=200,
        error_messages={"required": "Name the change idea."},
    )
    description = forms.CharField(
        label="What the team will test (optional)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, projects: list[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["project"]
        field.queryset = Project.objects.filter(pk__in=[p.pk for p in projects])
        # Keep the order given (the projects the event already feeds first).
        field.choices = [("", "Choose a project"), *((p.pk, p.title) for p in projects)]

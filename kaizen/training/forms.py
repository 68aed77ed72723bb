"""Forms for courses, sessions, nominations, past training and the CSV import."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.privacy.forms import ScreenedForm
from kaizen.training.models import Course, DosageTarget, Session, Tier, TrainingRecord


def _members(organisation: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=organisation)


class CourseForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Course
        fields = ["title", "tier", "duration_hours", "audience", "teaches", "prerequisite"]
        labels = {"duration_hours": "Duration in hours"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        self.instance.organisation = organisation
        fields["tier"].queryset = organisation.tiers.all()
        courses = organisation.courses.exclude(pk=self.instance.pk)
        fields["prerequisite"].queryset = courses


class SessionForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "place", "online", "facilitator", "capacity"]
        labels = {"starts_at": "Starts (e.g. 2027-03-04 09:30)", "ends_at": "Ends"}

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        self.instance.course = course
        fields["facilitator"].queryset = _members(course.organisation)


class NominateForm(ScreenedForm, forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Book a place for")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["person"].queryset = _members(organisation)


class RecordForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TrainingRecord
        fields = ["person", "tier", "title", "provider", "completed_on"]
        labels = {"completed_on": "Date completed (e.g. 2024-03-31)", "title": "Course title"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        self.instance.organisation = organisation
        fields["person"].queryset = _members(organisation)
        fields["tier"].queryset = organisation.tiers.all()


class ImportForm(ScreenedForm, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, tier, title, completed_on (YYYY-MM-DD), provider.",
    )


class TargetForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DosageTarget
        fields = ["unit", "tier", "target_percent"]
        labels = {"target_percent": "Target share of staff (%)"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["unit"].queryset = OrgUnit.objects.filter(organisation=organisation)
        fields["tier"].queryset = Tier.objects.filter(organisation=organisation)

    def clean_target_percent(self) -> int:
        value = int(self.cleaned_data["target_percent"])
        if value > 100:
            raise forms.ValidationError("A share of staff is at most 100 %.")
        return value

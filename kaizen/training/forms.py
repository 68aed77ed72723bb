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

    def clean_prerequisite(self) -> Course | None:
        prerequisite: Course | None = self.cleaned_data["prerequisite"]
        # A course cannot need itself, however long the chain: nobody could ever book it.
        seen = set()
        step = prerequisite
        while step is not None and step.pk not in seen:
            if self.instance.pk and step.pk == self.instance.pk:
                raise forms.ValidationError(
                    f"“{prerequisite}” needs this course first; choose a course that does not."
                )
            seen.add(step.pk)
            step = step.prerequisite
        return prerequisite


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


class CancelSessionForm(ScreenedForm, forms.Form):
    reason = forms.CharField(
        label="Why it is cancelled (optional; sent to everyone booked or waiting)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation


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
    file = forms.FileField(label="CSV file")

    def __init__(
        self,
        *args: Any,
        columns: str = "email, tier, title, completed_on (YYYY-MM-DD), provider",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Columns: {columns}."


class TierForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Tier
        fields = ["name", "default_target_percent"]
        labels = {"default_target_percent": "Target share of every unit's staff (%)"}
        help_texts = {
            "default_target_percent": "Trained at this tier or deeper; a unit may set its own."
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_default_target_percent(self) -> int:
        return _percent(self.cleaned_data["default_target_percent"])


class HeadcountForm(ScreenedForm, forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    staff = forms.IntegerField(
        label="Staff in post",
        min_value=0,
        required=False,
        help_text="Leave empty to count the unit's members in Kaizen instead.",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["unit"].queryset = OrgUnit.objects.filter(organisation=organisation)


def _percent(value: int) -> int:
    if value > 100:
        raise forms.ValidationError("A share of staff is at most 100 %.")
    return value


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
        return _percent(int(self.cleaned_data["target_percent"]))

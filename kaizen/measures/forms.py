"""Forms for measures' definitions, data points, annotations and the board summary's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.measures.icons import VARIATION_LABELS
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm

DEFINITION_FIELDS = [
    "name",
    "description",
    "numerator_definition",
    "denominator_definition",
    "unit_label",
    "kind",
    "frequency",
    "week_starts",
    "improvement",
    "target",
    "chart",
    "rules",
    "multiplier",
    "show_2s",
    "baseline_points",
    "data_source",
    "owner",
    "unit",
    "data_entry",
    "value_stream",
    "on_board",
]


class DateInput(forms.DateInput):
    input_type = "date"


class MeasureForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    # Not stored on the measure: the audit record keeps it (services.measure_update).
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why is this changing?",
        help_text="Needed for a measure on the board's report; kept in the audit trail",
    )

    class Meta:
        model = Measure
        fields = DEFINITION_FIELDS
        labels = {
            "unit": "Team or area (its team owns the measure)",
            "unit_label": "Unit of measurement",
            "owner": "Owner",
        }
        widgets = {"data_entry": forms.CheckboxSelectMultiple}
        help_texts = {
            "unit_label": "For example %, minutes or per 1,000 bed days",
            "multiplier": "For example 100 to show a proportion entered as a fraction as a %",
            "baseline_points": "Leave empty to use every point of a segment",
            "data_source": "Where the figures come from, for example the ward's e-roster",
        }

    def __init__(
        self, *args: Any, organisation: Organisation, steward: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only this organisation's units, value streams and members can be chosen.
        self.fields["unit"].queryset = OrgUnit.objects.for_organisation(organisation)  # type: ignore[attr-defined]
        self.fields["value_stream"].queryset = ValueStream.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        members = User.objects.filter(memberships__organisation=organisation)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        self.fields["data_entry"].queryset = members  # type: ignore[attr-defined]
        # Putting a measure before the board is the coaches' and admins' call.
        if not steward:
            del self.fields["on_board"]
        if self.instance.pk is None:
            del self.fields["reason"]
        # Asked of weekly measures only: a form that leaves it out keeps the measure's day.
        self.fields["week_starts"].required = False

    def clean_week_starts(self) -> int:
        chosen = self.cleaned_data.get("week_starts")
        return self.instance.week_starts if chosen in (None, "") else int(chosen)

    def clean_multiplier(self) -> float:
        multiplier: float = self.cleaned_data["multiplier"]
        if multiplier <= 0:
            raise forms.ValidationError("The multiplier must be more than 0")
        return multiplier


DATE_ERRORS = {"invalid": "Enter a real date", "required": "Enter the date"}


class DataPointForm(ScreenedForm, forms.Form):
    period = forms.DateField(widget=DateInput, error_messages=DATE_ERRORS)
    value = forms.FloatField(required=False, error_messages={"invalid": "Enter a number"})
    numerator = forms.FloatField(required=False, error_messages={"invalid": "Enter a number"})
    denominator = forms.FloatField(required=False, error_messages={"invalid": "Enter a number"})
    note = forms.CharField(required=False, max_length=500)
    # Set when the person has seen that the period already has a value and wants to change it.
    replace = forms.BooleanField(required=False, label="Replace the existing value")

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["period"].help_text = measure.period_hint()

    def clean_period(self) -> dt.date:
        day: dt.date = self.cleaned_data["period"]
        # Judged on the day typed: a later day of this month is still in the future.
        if day > timezone.localdate():
            raise forms.ValidationError("The period must be today or in the past")
        # Any day of the period means the period: a second figure for the same month is then
        # seen as a change to the first, not as another point.
        return self.measure.period_start(day)


class AnnotationForm(ScreenedForm, forms.Form):
    period = forms.DateField(widget=DateInput, error_messages=DATE_ERRORS)
    text = forms.CharField(
        max_length=300, label="What changed", error_messages={"required": "Enter what changed"}
    )
    starts_segment = forms.BooleanField(
        required=False, label="Recalculate the limits from this date (a new segment)"
    )
    fixes_baseline = forms.BooleanField(
        required=False,
        label="Fix the limits on the points up to this date (a baseline)",
        help_text="Later points are then judged against limits that no longer move",
    )


class MeasureFilterForm(ScreenedForm, forms.Form):
    SORTS = [
        ("name", "Name"),
        ("variation", "Variation"),
        ("assurance", "Assurance"),
        ("kind", "Type"),
    ]

    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label="Team or area",
        empty_label="All teams and areas",
    )
    value_stream = forms.ModelChoiceField(
        queryset=ValueStream.objects.none(), required=False, empty_label="All value streams"
    )
    kind = forms.ChoiceField(
        choices=[("", "All types"), *Measure.Kind.choices], required=False, label="Type"
    )
    frequency = forms.ChoiceField(
        choices=[("", "All frequencies"), *Measure.Frequency.choices], required=False
    )
    variation = forms.ChoiceField(
        choices=[("", "All variation"), *VARIATION_LABELS.items()], required=False
    )
    q = forms.CharField(label="Name or code contains", required=False, max_length=100)
    # The board's report reads the measures marked for the board; "all" widens it for an
    # analyst without changing which measures the board sees by default.
    reach = forms.ChoiceField(
        choices=[("", "The board's measures"), ("all", "All measures")],
        required=False,
        label="Measures shown",
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, label="Sort by")

    def __init__(
        self, *args: Any, organisation: Organisation, board: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not board:
            del self.fields["reach"]
        self.fields["unit"].queryset = OrgUnit.objects.for_organisation(organisation)  # type: ignore[attr-defined]
        self.fields["value_stream"].queryset = ValueStream.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )

"""Forms for planning an event, its target sheet, team, checklist and report-outs."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.events.models import ChecklistItem, Event, MapStep, Participant, ReportOut, Target
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm

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
    class Meta:
        model = ReportOut
        fields = ["kind", "on", "notes"]
        widgets = {"on": DateInput}
        labels = {"kind": "Report-out", "on": "Date"}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.event = event


class MapStepForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MapStep
        fields = ["state", "name", "cycle_minutes", "wait_minutes", "people", "first_time_quality"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("cycle_minutes", "wait_minutes"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, "A time cannot be negative.")
        if (data.get("first_time_quality") or 0) > 100:
            self.add_error("first_time_quality", "First-time quality is at most 100 %.")
        if not self.errors:
            # The new step goes last in its state.
            self.instance.position = self.instance.event.map_steps.filter(
                state=data.get("state")
            ).count()
        return data

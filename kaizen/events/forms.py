"""Forms for planning an event, its target sheet, team, checklist and report-outs."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.events.models import ChecklistItem, Event, Participant, ReportOut, Target
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

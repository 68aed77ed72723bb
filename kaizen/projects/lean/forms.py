"""Forms for the Lean tools: the SIPOC's five columns, a control plan's line, and the
value-stream map's steps (a formset per state)."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm
from kaizen.projects.lean.models import ControlPlanItem, MapStep, Sipoc


class SipocForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Sipoc
        fields = list(Sipoc.COLUMNS)


class ControlPlanItemForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ControlPlanItem
        fields = ["measure", "how_often", "owner", "reaction"]
        labels = {"measure": "What is measured"}
        help_texts = {
            "how_often": "For example: every Monday at the huddle.",
            "reaction": "What the owner does, and whom they tell, when the chart shows a "
            "special cause in the wrong direction.",
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        fields: Any = self.fields
        fields["measure"].queryset = Measure.objects.filter(organisation=organisation)
        fields["owner"].queryset = User.objects.filter(memberships__organisation=organisation)
        fields["owner"].required = True


class MapStepForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MapStep
        fields = ["name", "cycle_minutes", "wait_minutes", "people", "first_time_quality"]
        labels = {"name": "Step"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("cycle_minutes", "wait_minutes"):
            if (data.get(name) or 0) < 0:
                self.add_error(name, "A time cannot be negative.")
        if (data.get("first_time_quality") or 0) > 100:
            self.add_error("first_time_quality", "First-time quality is at most 100 %.")
        return data


MapStepFormSet = forms.modelformset_factory(MapStep, form=MapStepForm, extra=1, can_delete=True)

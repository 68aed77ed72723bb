from __future__ import annotations

from django import forms

from kaizen.impact.models import ImpactEntry
from kaizen.privacy.forms import ScreenedForm


class EntryForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ImpactEntry
        fields = [
            "kind",
            "amount",
            "amount_unit",
            "cash_releasing",
            "period_start",
            "period_end",
            "note",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_amount(self) -> object:
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("An impact is a positive amount.")
        return amount

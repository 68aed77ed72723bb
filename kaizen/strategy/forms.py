"""Forms for the North Star, priorities and programmes."""

from __future__ import annotations

from django import forms

from kaizen.accounts.forms import OrgNamedForm
from kaizen.privacy.forms import ScreenedForm
from kaizen.strategy.models import NorthStar, ProgrammeTag, StrategicPriority


class NorthStarForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NorthStar
        fields = ["statement"]
        labels = {"statement": "North Star"}
        help_texts = {
            "statement": "What your improvement work is for, shown on the organisation's home page."
        }


class PriorityForm(OrgNamedForm):
    class Meta:
        model = StrategicPriority
        fields = ["name"]
        labels = {"name": "New strategic priority"}


class TagForm(OrgNamedForm):
    class Meta:
        model = ProgrammeTag
        fields = ["name"]
        labels = {"name": "New programme (e.g. GIRFT, a CQUIN, safety huddles)"}

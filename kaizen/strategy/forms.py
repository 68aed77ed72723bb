"""Forms for the North Star (the organisation's True North), its priorities and objectives, and
the programmes work is tagged with."""

from __future__ import annotations

from typing import Any

from django import forms

from kaizen.accounts.forms import OrgNamedForm
from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.privacy.forms import ScreenedForm
from kaizen.strategy.models import NorthStar, Objective, ProgrammeTag, StrategicPriority


def _members(organisation: Organisation) -> Any:
    return User.objects.filter(memberships__organisation=organisation).order_by("full_name")


class NorthStarForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NorthStar
        fields = ["statement"]
        labels = {"statement": "North Star"}
        help_texts = {
            "statement": "What your improvement work is for, shown on the organisation's home page."
        }


class PriorityForm(OrgNamedForm):
    """Adding a priority names it; its page then fills in the rest."""

    class Meta:
        model = StrategicPriority
        fields = ["name"]
        labels = {"name": "New strategic priority"}


class PriorityEditForm(OrgNamedForm):
    class Meta:
        model = StrategicPriority
        fields = ["name", "statement", "executive_owner"]
        labels = {"name": "Priority", "executive_owner": "Executive owner"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        owner: Any = self.fields["executive_owner"]
        owner.queryset = _members(organisation)


class TagForm(OrgNamedForm):
    class Meta:
        model = ProgrammeTag
        fields = ["name"]
        labels = {"name": "New programme (e.g. GIRFT, a CQUIN, safety huddles)"}


class TagEditForm(OrgNamedForm):
    class Meta:
        model = ProgrammeTag
        fields = ["name", "description", "owner"]
        labels = {"name": "Programme"}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = _members(organisation)


class MovePriorityForm(forms.Form):
    """Where a priority's aligned work goes before the priority is deleted."""

    move_to = forms.ModelChoiceField(
        StrategicPriority.objects.none(),
        label="Move its work to",
        required=False,
        empty_label="Choose a priority",
    )

    def __init__(self, *args: Any, priority: StrategicPriority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        move_to: Any = self.fields["move_to"]
        move_to.queryset = StrategicPriority.objects.filter(
            organisation_id=priority.organisation_id
        ).exclude(pk=priority.pk)


class ObjectiveForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    """An objective under one priority: the organisation's (no unit) or a unit's, serving an
    objective of the organisation or of a unit above it."""

    class Meta:
        model = Objective
        fields = ["title", "year", "unit", "parent", "owner"]
        labels = {"unit": "Unit", "owner": "Owner"}

    def __init__(self, *args: Any, priority: StrategicPriority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.priority = priority
        self.instance.organisation_id = priority.organisation_id
        fields: Any = self.fields
        fields["unit"].queryset = OrgUnit.objects.filter(organisation_id=priority.organisation_id)
        fields["unit"].empty_label = "The whole organisation"
        fields["parent"].queryset = priority.objectives.exclude(pk=self.instance.pk or 0)
        fields["parent"].empty_label = "None: it serves the priority directly"
        fields["owner"].queryset = _members(priority.organisation)
        fields["year"].widget.attrs["inputmode"] = "numeric"

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter the year as four digits, e.g. 2026.")
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit, parent = cleaned.get("unit"), cleaned.get("parent")
        if parent is not None and not _serves_from_above(unit, parent):
            where = parent.unit or "the organisation"
            self.add_error(
                "parent",
                f"“{parent}” is {where}'s objective: an objective serves one set by the "
                "organisation or by a unit above its own. Choose another, or none.",
            )
        return cleaned


def _serves_from_above(unit: OrgUnit | None, parent: Objective) -> bool:
    """The cascade runs down the hierarchy: a unit serves its organisation's objectives and
    those of the units above it."""
    if parent.unit_id is None:
        return unit is not None
    above = unit.parent if unit is not None else None
    while above is not None:
        if above.pk == parent.unit_id:
            return True
        above = above.parent
    return False

"""The "What did we learn?" library: every closed PDSA cycle's learning, searchable, with the
abandoned tests shown as plainly as the adopted ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.privacy.forms import ScreenedForm
from kaizen.projects.models import PDSACycle
from kaizen.strategy.models import StrategicPriority

# The decision read as the test's outcome, in the words a board uses.
OUTCOMES = {
    "adopt": "Worked: adopted",
    "adapt": "Partly: adapted for another test",
    "abandon": "Did not work: abandoned",
}


class LearningFilterForm(ScreenedForm, forms.Form):
    q = forms.CharField(label="Search the learning", required=False, max_length=200)
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any outcome"), *OUTCOMES.items()]
    )
    priority = forms.ModelChoiceField(
        StrategicPriority.objects.none(), label="Priority", required=False
    )
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label="Unit", required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for name, model in (("priority", StrategicPriority), ("unit", OrgUnit)):
            choice = self.fields[name]
            assert isinstance(choice, forms.ModelChoiceField)
            choice.queryset = model.objects.filter(organisation=organisation)


def closed_cycles(organisation: Organisation, filters: dict[str, Any]) -> QuerySet[PDSACycle]:
    cycles = PDSACycle.objects.filter(
        idea__project__organisation=organisation, closed_on__isnull=False
    ).select_related("idea__project__priority", "idea__project__unit")
    if text := filters.get("q"):
        cycles = cycles.filter(
            Q(title__icontains=text)
            | Q(learned__icontains=text)
            | Q(results__icontains=text)
            | Q(idea__title__icontains=text)
            | Q(idea__project__title__icontains=text)
        )
    if outcome := filters.get("outcome"):
        cycles = cycles.filter(decision=outcome)
    if priority := filters.get("priority"):
        cycles = cycles.filter(idea__project__priority=priority)
    if unit := filters.get("unit"):
        cycles = cycles.filter(idea__project__unit=unit)
    return cycles.order_by("-closed_on", "-pk")

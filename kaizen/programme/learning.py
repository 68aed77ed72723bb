"""The "What did we learn?" library: every closed PDSA cycle's learning, searchable by its words,
outcome, priority, programme, unit, method tool and verdict, with the abandoned tests shown as
plainly as the adopted ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.privacy.forms import ScreenedForm
from kaizen.projects.methods import TOOLS
from kaizen.projects.models import MeasureLink, PDSACycle
from kaizen.strategy.models import ProgrammeTag, StrategicPriority

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
    programme = forms.ModelChoiceField(
        ProgrammeTag.objects.none(), label="Programme", required=False
    )
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label="Unit", required=False)
    tool = forms.ChoiceField(
        label="Method tool (the project's method uses it)",
        required=False,
        choices=[("", "Any tool"), *TOOLS.items()],
    )
    verdict = forms.ChoiceField(
        label="Verdict on its measures",
        required=False,
        choices=[("", "Any verdict"), *MeasureLink.Verdict.choices],
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        choosable = (
            ("priority", StrategicPriority),
            ("programme", ProgrammeTag),
            ("unit", OrgUnit),
        )
        for name, model in choosable:
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
    if programme := filters.get("programme"):
        cycles = cycles.filter(idea__project__tags=programme)
    if unit := filters.get("unit"):
        cycles = cycles.filter(idea__project__unit=unit)
    if tool := filters.get("tool"):
        # A method's tools are a JSON list, which not every database searches: read them here.
        methods = organisation.methods.values_list("pk", "tools")
        cycles = cycles.filter(idea__project__method__in=[pk for pk, t in methods if tool in t])
    if verdict := filters.get("verdict"):
        # The verdicts on the cycle's own measures, or on its change idea's.
        links = MeasureLink.objects.filter(
            Q(cycle=OuterRef("pk")) | Q(idea=OuterRef("idea_id")), verdict=verdict
        )
        cycles = cycles.filter(Exists(links))
    return cycles.order_by("-closed_on", "-pk")

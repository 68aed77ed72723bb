"""Forms for projects, their teams, change ideas and each phase of a PDSA cycle.

Every choice of a related row is limited to the request's organisation, so a crafted POST cannot
attach another organisation's people, areas or measures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import QueryDict

from kaizen.accounts.forms import OrgNamedForm
from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm
from kaizen.projects.methods import FIDELITY_CHECKS, PROJECT_FIELDS, TOOLS
from kaizen.projects.models import (
    CYCLE_PHASE_FIELDS,
    ChangeIdea,
    DriverNode,
    MeasureLink,
    PDSACycle,
    ProgressScore,
    Project,
    ProjectStatus,
    TeamMember,
)
from kaizen.strategy.models import ProgrammeTag, StrategicPriority


class DateInput(forms.DateInput):
    input_type = "date"


def _members(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(memberships__organisation=organisation)


def _limit(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Offer only ``queryset``'s rows (the request's organisation's) in a choice of rows."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ProjectForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "title",
            "problem",
            "aim_what",
            "aim_for_whom",
            "aim_how_much",
            "aim_by_when",
            "sponsor",
            "lead",
            "unit",
            "value_stream",
            "priority",
            "tags",
        ]
        widgets = {"aim_by_when": DateInput, "tags": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["sponsor"].queryset = _members(organisation)
        fields["lead"].queryset = _members(organisation)
        fields["unit"].queryset = OrgUnit.objects.filter(organisation=organisation)
        fields["value_stream"].queryset = ValueStream.objects.filter(organisation=organisation)
        fields["priority"].queryset = StrategicPriority.objects.filter(organisation=organisation)
        fields["tags"].queryset = ProgrammeTag.objects.filter(organisation=organisation)
        fields["tags"].label = "Programmes"
        fields["aim_what"].help_text = "e.g. reduce falls with harm"
        fields[
            "aim_for_whom"
        ].help_text = "e.g. inpatients over 65 on the care-of-the-elderly wards"


class TeamMemberForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TeamMember
        fields = ["user", "name", "role", "is_patient_partner", "involvement"]
        labels = {
            "user": "Person (a member of the organisation)",
            "name": "Or their name, if they have no account",
            "is_patient_partner": "Patient, service user or carer partner",
            "involvement": "Level of involvement (patient partners)",
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["user"], _members(organisation))
        self.fields["user"].required = False


class ScoreForm(ScreenedForm, forms.Form):
    score = forms.TypedChoiceField(
        label="IHI progress score",
        coerce=Decimal,
        choices=[(str(s), f"{s} – {ProgressScore.LABELS[s]}") for s in ProgressScore.SCORES],
    )
    note = forms.CharField(label="Why this score", max_length=300, required=False)


class StatusForm(ScreenedForm, forms.Form):
    status = forms.ModelChoiceField(queryset=ProjectStatus.objects.none(), label="Status")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["status"], ProjectStatus.objects.filter(organisation=organisation))


class MeasureLinkForm(ScreenedForm, forms.Form):
    """Link a measure: with its role in the family (project) or the way a change should move it
    (idea or cycle)."""

    measure = forms.ModelChoiceField(queryset=Measure.objects.none())
    role = forms.ChoiceField(choices=MeasureLink.Role.choices, required=False)
    direction = forms.ChoiceField(
        label="The change should make it", choices=MeasureLink.Direction.choices, required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["measure"], Measure.objects.filter(organisation=organisation))


class IdeaForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ChangeIdea
        fields = ["title", "description", "driver", "started_on"]
        labels = {"started_on": "Started on (when it was first tested)"}
        widgets = {"started_on": DateInput}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["driver"], DriverNode.objects.filter(project=project))


class IdeaStageForm(ScreenedForm, forms.Form):
    stage = forms.ChoiceField(choices=ChangeIdea.Stage.choices)
    reason = forms.CharField(label="Why", max_length=300, required=False)


_CYCLE_DATES = {
    name: DateInput for name in ("planned_start", "planned_end", "started_on", "study_due")
}


class _CycleForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)


class CyclePlanForm(_CycleForm):
    class Meta:
        model = PDSACycle
        fields = CYCLE_PHASE_FIELDS["plan"]
        widgets = _CYCLE_DATES


class CycleNewForm(CyclePlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CycleDoForm(_CycleForm):
    class Meta:
        model = PDSACycle
        fields = CYCLE_PHASE_FIELDS["do"]
        widgets = _CYCLE_DATES


class CycleStudyForm(_CycleForm):
    # Required here, unlike on the model: saving the study is saying when it was done.
    studied_on = forms.DateField(label="Studied on", widget=DateInput)

    class Meta:
        model = PDSACycle
        fields = CYCLE_PHASE_FIELDS["study"]


class CycleActForm(_CycleForm):
    class Meta:
        model = PDSACycle
        fields = CYCLE_PHASE_FIELDS["act"]


CYCLE_FORMS: dict[str, type[_CycleForm]] = {
    "plan": CyclePlanForm,
    "do": CycleDoForm,
    "study": CycleStudyForm,
    "act": CycleActForm,
}


class CommentForm(ScreenedForm, forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea)


class MethodForm(ScreenedForm, forms.Form):
    tools = forms.MultipleChoiceField(
        choices=list(TOOLS.items()), widget=forms.CheckboxSelectMultiple, required=False
    )
    checks = forms.MultipleChoiceField(
        label="Fidelity checks",
        choices=list(FIDELITY_CHECKS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StageForm(ScreenedForm, forms.Form):
    name = forms.CharField(max_length=120)
    required_fields = forms.MultipleChoiceField(
        label="Required before entering this stage",
        choices=list(PROJECT_FIELDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StatusNameForm(OrgNamedForm):
    class Meta:
        model = ProjectStatus
        fields = ["name", "kind"]
        labels = {"name": "Status name", "kind": "Means"}


class PickedIdsForm(ScreenedForm, forms.Form):
    """The ids that the tree's and the stage's buttons post. Only a hand-crafted request sends one
    that is not a number, so it gets a plain 400 rather than a message beside a field."""

    parent = forms.IntegerField(required=False, min_value=1)
    driver = forms.IntegerField(required=False, min_value=1)
    stage = forms.IntegerField(required=False, min_value=1)


def posted_id(data: QueryDict, name: str) -> int | None:
    """The id posted as ``name``, None when none was; BadRequest (400) when it is not an id."""
    form = PickedIdsForm(data)
    if not form.is_valid() and name in form.errors:
        raise BadRequest(f"“{name}” must be the number of a {name}")
    picked: int | None = form.cleaned_data.get(name)
    return picked

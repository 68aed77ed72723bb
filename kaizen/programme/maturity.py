"""The board's maturity self-assessment against NHS IMPACT's five components: the form that
records one (a rating and its reasoning per component, in the organisation's own questions),
the platform's own evidence beside each component, and the history drawn as a chart."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from markupsafe import Markup, escape

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.models import Measure
from kaizen.privacy.forms import ScreenedForm
from kaizen.programme.as_it_stood import StoodRow, as_it_stood
from kaizen.programme.models import (
    Component,
    ComponentRating,
    Maturity,
    MaturityAction,
    MaturityAssessment,
)
from kaizen.programme.services import all_indicators
from kaizen.projects.models import Project

# Offered the first time; an organisation rewrites them in its own words, and each assessment
# starts from the questions of the one before.
STARTING_QUESTIONS = {
    Component.PURPOSE: "Do staff at every level know our improvement priorities, and how "
    "their own work serves them?",
    Component.PEOPLE: "Do staff and patients have the time, support and psychological safety "
    "to raise problems and test ideas?",
    Component.LEADERSHIP: "Do our leaders go where the work is, ask rather than tell, and "
    "answer staff's concerns in public?",
    Component.CAPABILITY: "How many of our staff are trained in the method, and how many use it "
    "in their work each month?",
    Component.SYSTEMS: "Do our huddles, performance reviews and board papers use improvement "
    "data (run and SPC charts) to decide what to do?",
}


class AssessmentForm(ScreenedForm, forms.Form):
    """The date, who took part, and for each component its questions, rating and reasoning
    (fields named ``<component>-rating`` and so on)."""

    assessed_on = forms.DateField(label="Date of the assessment", widget=forms.DateInput())
    participants = forms.CharField(
        label="Who took part",
        help_text="Names and roles: the board, staff, patient partners.",
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for component in Component:
            self.fields[f"{component}-questions"] = forms.CharField(
                label="Our questions", required=False, widget=forms.Textarea
            )
            self.fields[f"{component}-rating"] = forms.TypedChoiceField(
                label="Our rating",
                coerce=int,
                choices=[("", "Choose a rating"), *Maturity.choices],
                error_messages={"required": f"Choose a rating for “{component.label}”."},
            )
            self.fields[f"{component}-reasoning"] = forms.CharField(
                label="Why this rating",
                widget=forms.Textarea,
                error_messages={"required": f"Say why you rated “{component.label}” so."},
            )

    def clean_assessed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["assessed_on"]
        if day > dt.date.today():
            raise forms.ValidationError("The date of the assessment must be today or earlier.")
        return day

    def components(self) -> list[tuple[Component, list[forms.BoundField]]]:
        """Each component with its bound fields, for the template."""
        return [
            (
                component,
                [self[f"{component}-{part}"] for part in ("questions", "rating", "reasoning")],
            )
            for component in Component
        ]


def initial_for(
    organisation: Organisation, assessment: MaturityAssessment | None
) -> dict[str, Any]:
    """The form's starting values: the assessment's own, or a new one starting from the last
    one's questions (or the starting questions)."""
    source = assessment or organisation.maturity_assessments.first()
    ratings = {rating.component: rating for rating in source.ratings.all()} if source else {}
    initial: dict[str, Any] = {"assessed_on": dt.date.today()}
    if assessment is not None:
        initial |= {"assessed_on": assessment.assessed_on, "participants": assessment.participants}
    for component in Component:
        kept = ratings.get(component)
        initial[f"{component}-questions"] = (
            kept.questions if kept else STARTING_QUESTIONS[component]
        )
        if assessment is not None and kept is not None:
            initial[f"{component}-rating"] = kept.rating
            initial[f"{component}-reasoning"] = kept.reasoning
    return initial


def assessment_save(
    *,
    organisation: Organisation,
    by: User,
    values: dict[str, Any],
    assessment: MaturityAssessment | None = None,
) -> MaturityAssessment:
    """Create or change an assessment and its five ratings in one transaction, on the trail."""
    with transaction.atomic():
        created = assessment is None
        if assessment is None:
            assessment = MaturityAssessment(organisation=organisation, created_by=by)
        assessment.assessed_on = values["assessed_on"]
        assessment.participants = values["participants"]
        assessment.save()
        for component in Component:
            ComponentRating.objects.update_or_create(
                assessment=assessment,
                component=component,
                defaults={
                    "questions": values[f"{component}-questions"],
                    "rating": values[f"{component}-rating"],
                    "reasoning": values[f"{component}-reasoning"],
                },
            )
        record(
            actor=by,
            organisation=organisation,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            target=assessment,
        )
    return assessment


class ActionForm(ScreenedForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MaturityAction
        fields = ["component", "action", "owner", "due_on"]
        labels = {"component": "For the component", "action": "What we will do"}
        widgets = {"due_on": forms.DateInput()}

    def __init__(self, *args: Any, assessment: MaturityAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment
        owner: Any = self.fields["owner"]
        owner.queryset = User.objects.filter(
            memberships__organisation_id=assessment.organisation_id
        ).order_by("full_name")


@dataclass(frozen=True)
class Evidence:
    """One of the platform's own figures beside a component."""

    name: str
    text: str
    row: StoodRow | None = None


def evidence(organisation: Organisation, on: dt.date) -> dict[str, list[Evidence]]:
    """By component: the indicators that evidence it, as they stood in the assessment's month,
    and (for purpose) how much of the work is aligned to a priority."""
    indicators = all_indicators()
    measures = list(
        Measure.objects.for_organisation(organisation)
        .filter(unit=None, computed__in=[k for k, i in indicators.items() if i.evidences])
        .order_by("name")
    )
    stood = as_it_stood(measures, on.replace(day=1))
    found: dict[str, list[Evidence]] = defaultdict(list)
    found[Component.PURPOSE].append(_alignment(organisation))
    for measure in measures:
        row = stood[measure.pk]
        for component in indicators[measure.computed].evidences:
            text = measure.display(row.latest_value) if row.latest_value is not None else "no data"
            found[component].append(Evidence(measure.name, text, row))
    return found


def _alignment(organisation: Organisation) -> Evidence:
    projects = Project.objects.filter(organisation=organisation)
    total = projects.count()
    aligned = projects.exclude(priority=None).count()
    share = f"{aligned} of {total} ({round(100 * aligned / total)}%)" if total else "no projects"
    return Evidence("Projects aligned to a strategic priority (today)", share)


# Distinct in colour and marker, so the lines read apart without colour too.
LINES = (
    ("#005eb8", "circle"),
    ("#007f3b", "square"),
    ("#d5281b", "triangle"),
    ("#330072", "diamond"),
    ("#ed8b00", "cross"),
)


def history_svg(assessments: Sequence[MaturityAssessment]) -> Markup:
    """Each component's rating over the assessments (oldest first), as an SVG line chart; the
    page gives the same figures in a table."""
    width, height, left, top, step = 640, 260, 40, 20, 44
    dated = sorted(assessments, key=lambda a: a.assessed_on)
    x_gap = (width - left - 20) / max(len(dated) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="maturity-chart-title"><title id="maturity-chart-title">Maturity '
        "rating of each component at each assessment (1 to 5)</title>"
    ]
    for level in range(1, 6):
        y = top + (5 - level) * step
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="#d8dde0"/>'
            f'<text x="{left - 10}" y="{y + 4}" text-anchor="end" font-size="12">{level}</text>'
        )
    for component, (colour, marker) in zip(Component, LINES, strict=True):
        ratings = [
            {r.component: r.rating for r in assessment.ratings.all()}.get(component)
            for assessment in dated
        ]
        points = [
            (left + index * x_gap, top + (5 - rating) * step)
            for index, rating in enumerate(ratings)
            if rating is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        parts += [_marker(marker, x, y, colour) for x, y in points]
    return Markup("".join(parts) + "</svg>")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.0f}" cy="{y:.0f}" r="5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 5:.0f}" y="{y - 5:.0f}" width="10" height="10" fill="{colour}"/>'
    corners = {
        "triangle": ((0, -6), (6, 5), (-6, 5)),
        "diamond": ((0, -7), (7, 0), (0, 7), (-7, 0)),
        "cross": ((-5, -5), (5, 5), (0, 0), (5, -5), (-5, 5), (0, 0)),
    }[shape]
    path = " ".join(f"{x + dx:.0f},{y + dy:.0f}" for dx, dy in corners)
    return f'<polygon points="{escape(path)}" fill="{colour}" stroke="{colour}" stroke-width="2"/>'

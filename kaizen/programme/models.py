"""What the programme app owns: the measures that show each strategic priority (strategy sits
below measures, so the link between them lives up here) and the board's maturity
self-assessments against NHS IMPACT."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kaizen.accounts.models import Organisation
from kaizen.measures.models import Measure
from kaizen.strategy.models import StrategicPriority

# A priority is shown by a few measures, not a dashboard (the issue: one to three).
MEASURES_PER_PRIORITY = 3


class PriorityMeasure(models.Model):
    priority = models.ForeignKey(
        StrategicPriority, on_delete=models.CASCADE, related_name="measure_links"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="priority_links")

    class Meta:
        constraints = [
            models.UniqueConstraint("priority", "measure", name="unique_priority_measure")
        ]

    def __str__(self) -> str:
        return f"{self.measure} shows {self.priority}"


class Component(models.TextChoices):
    """NHS IMPACT's five components of an improvement approach, in its order."""

    PURPOSE = "purpose", "Building a shared purpose and vision"
    PEOPLE = "people", "Investing in people and culture"
    LEADERSHIP = "leadership", "Developing leadership behaviours"
    CAPABILITY = "capability", "Building improvement capability and capacity"
    SYSTEMS = "systems", "Embedding improvement into management systems and processes"


class Maturity(models.IntegerChoices):
    NOT_STARTED = 1, "1: not started"
    PLANNING = 2, "2: planning and early work"
    DEVELOPING = 3, "3: developing in places"
    EMBEDDING = 4, "4: embedding across the organisation"
    EMBEDDED = 5, "5: embedded, and spreading to partners"


class MaturityAssessment(models.Model):
    """The board's honest self-assessment against NHS IMPACT on one day: private to the
    organisation, compared with its earlier ones."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="maturity_assessments"
    )
    assessed_on = models.DateField("Date of the assessment")
    participants = models.TextField(
        "Who took part", help_text="Names and roles: the board, staff, patient partners."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Maturity self-assessment of {self.assessed_on:%-d %B %Y}"


class ComponentRating(models.Model):
    assessment = models.ForeignKey(
        MaturityAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    component = models.CharField(max_length=20, choices=Component.choices)
    # The organisation's own questions for the component, loaded or written in its words.
    questions = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(choices=Maturity.choices)
    reasoning = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint("assessment", "component", name="one_rating_per_component")
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()}: {self.rating}"


class MaturityAction(models.Model):
    """What the organisation will do about a component, and who answers for it."""

    assessment = models.ForeignKey(
        MaturityAssessment, on_delete=models.CASCADE, related_name="actions"
    )
    component = models.CharField(max_length=20, choices=Component.choices)
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField("Due by", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action

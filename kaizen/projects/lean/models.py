"""Lean tools the method templates name: SIPOC, control plan and value-stream map. Each is
attached through contenttypes to the record it describes (a project or an event), as the
activity app's rows are (Targeted), so any app's record can carry them (see parents.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from kaizen.activity.models import Targeted
from kaizen.measures.models import Measure


class Sipoc(Targeted):
    """Suppliers, inputs, process, outputs and customers: one item a line in each column."""

    COLUMNS = ("suppliers", "inputs", "process", "outputs", "customers")

    suppliers = models.TextField(blank=True, help_text="Who provides the inputs, one a line.")
    inputs = models.TextField(blank=True, help_text="What the process needs, one a line.")
    process = models.TextField(
        blank=True, help_text="The process's main steps, four to seven, one a line, in order."
    )
    outputs = models.TextField(blank=True, help_text="What the process produces, one a line.")
    customers = models.TextField(
        blank=True, help_text="Who receives the outputs, patients included, one a line."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta(Targeted.Meta):
        verbose_name = "SIPOC"
        constraints = [
            models.UniqueConstraint("content_type", "object_id", name="one_sipoc_per_record")
        ]

    def __str__(self) -> str:
        return f"SIPOC of {self.target}"

    def columns(self) -> list[tuple[str, list[str]]]:
        """Each column's heading and items, in SIPOC order."""
        return [
            (
                name.capitalize(),
                [line.strip() for line in getattr(self, name).splitlines() if line.strip()],
            )
            for name in self.COLUMNS
        ]

    @property
    def is_complete(self) -> bool:
        return all(items for _, items in self.columns())


class ControlPlanItem(Targeted):
    """A line of a control plan: a measure watched to hold the gain, how often and by whom,
    and what to do when its chart shows special cause."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    how_often = models.CharField("How often it is checked", max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Who checks it",
    )
    reaction = models.TextField("Reaction plan when the chart shows special cause")

    class Meta(Targeted.Meta):
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Control plan: {self.measure}"


class MapStep(Targeted):
    """A process step of a value-stream map, in its current or future state."""

    class State(models.TextChoices):
        CURRENT = "current", "Current state"
        FUTURE = "future", "Future state"

    state = models.CharField(max_length=10, choices=State.choices, default=State.CURRENT)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=100)
    cycle_minutes = models.FloatField("Cycle time (minutes)")
    wait_minutes = models.FloatField("Wait before this step (minutes)", default=0)
    people = models.PositiveSmallIntegerField(default=1)
    first_time_quality = models.PositiveSmallIntegerField("First-time quality (%)", default=100)

    class Meta(Targeted.Meta):
        ordering = ["state", "position", "pk"]

    def __str__(self) -> str:
        return self.name

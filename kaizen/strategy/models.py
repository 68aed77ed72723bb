"""What an organisation's improvement work is for: its North Star, the strategic priorities
projects align to, and the programmes (GIRFT, a CQUIN) they belong to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kaizen.accounts.models import Organisation, OrgUnit


class NorthStar(models.Model):
    """The organisation's North Star: one statement every member sees on the home page."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="north_star"
    )
    statement = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"North Star of {self.organisation}"


class StrategicPriority(models.Model):
    """One of the organisation's "North Star" priorities that projects align to."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="strategic_priorities"
    )
    name = models.CharField(max_length=200)
    statement = models.TextField(
        blank=True, help_text="What the priority means for patients and staff, in a sentence."
    )
    executive_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_priorities",
        help_text="The executive who answers to the board for this priority.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "strategic priority"
        verbose_name_plural = "strategic priorities"
        constraints = [models.UniqueConstraint("organisation", "name", name="unique_priority_name")]

    def __str__(self) -> str:
        return self.name


class ProgrammeTag(models.Model):
    """An external or local programme a project is part of (GIRFT, a CQUIN, safety huddles)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programme_tags"
    )
    name = models.CharField(max_length=100)
    description = models.TextField(
        blank=True, help_text="What the programme asks of the organisation, and who runs it."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_programmes",
        help_text="Who looks after the organisation's part in it.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "programme"
        constraints = [models.UniqueConstraint("organisation", "name", name="unique_tag_name")]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """A breakthrough objective for the year under a priority: the organisation's own (no unit)
    or a unit's, which may serve an objective set higher up the hierarchy (the cascade)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="objectives"
    )
    priority = models.ForeignKey(
        StrategicPriority, on_delete=models.CASCADE, related_name="objectives"
    )
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objectives",
        help_text="Leave empty for an objective of the whole organisation.",
    )
    # A unit's objective serves one set above it; deleting that one lifts this to the priority.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name="Serves the objective",
    )
    title = models.CharField("Objective", max_length=300)
    year = models.PositiveSmallIntegerField(help_text="The year it is for, e.g. 2026.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_objectives",
    )

    class Meta:
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["priority", "year"])]

    def __str__(self) -> str:
        return self.title

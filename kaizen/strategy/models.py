"""What an organisation's improvement work is for: its North Star, the strategic priorities
projects align to, and the programmes (GIRFT, a CQUIN) they belong to."""

from __future__ import annotations

from django.db import models

from kaizen.accounts.models import Organisation


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

    class Meta:
        ordering = ["name"]
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

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("organisation", "name", name="unique_tag_name")]

    def __str__(self) -> str:
        return self.name

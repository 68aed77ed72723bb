"""The impact ledger: what improvement released or avoided, attached to any record (a project,
a change idea, an idea, a stopped activity) through contenttypes, as activity attaches comments.
Each entry carries the area, value stream and priority it counts towards, so totals roll up
without knowing the record's app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, ValueStream
from kaizen.measures.models import Measure
from kaizen.strategy.models import StrategicPriority


class ImpactEntry(models.Model):
    class Kind(models.TextChoices):
        HOURS = "hours", "Hours released"
        MONEY = "money", "Money saved or avoided"
        SAFETY = "safety", "Safety events avoided"
        PATIENT = "patient", "Patient experience"
        STAFF = "staff", "Staff experience"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ESTIMATED = "estimated", "Estimated"
        VALIDATED = "validated", "Validated"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="impact_entries"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    amount_unit = models.CharField("Unit", max_length=40, help_text="hours, £, falls...")
    cash_releasing = models.BooleanField(default=False)
    period_start = models.DateField("From")
    period_end = models.DateField("To")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ESTIMATED)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    value_stream = models.ForeignKey(ValueStream, null=True, blank=True, on_delete=models.SET_NULL)
    priority = models.ForeignKey(
        StrategicPriority, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name_plural = "impact entries"
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["organisation", "period_start"]),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.amount_unit} ({self.get_kind_display()})"

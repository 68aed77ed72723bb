"""An upload checked and previewed, waiting for its owner to confirm it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from kaizen.accounts.models import Organisation
from kaizen.imports.checks import Row
from kaizen.measures.models import Measure

# Long enough to read a preview and press "Import"; short enough that stale checks are redone.
PENDING_LIFETIME = dt.timedelta(hours=1)


class PendingImportQuerySet(models.QuerySet[Any]):
    def live(self) -> PendingImportQuerySet:
        return self.filter(created_at__gte=timezone.now() - PENDING_LIFETIME)

    def expired(self) -> PendingImportQuerySet:
        return self.filter(created_at__lt=timezone.now() - PENDING_LIFETIME)


class PendingImport(models.Model):
    """The checked rows of an upload between preview and confirmation.

    Only rows that passed every check are kept, as plain numbers and dates: never the file
    itself, and never a file that was refused.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Set when the upload was made on one measure's page, to send the person back there.
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    # [[measure_id, "YYYY-MM-DD", value, numerator, denominator, note], ...]
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.filename} ({len(self.rows)} rows)"

    @staticmethod
    def encode(rows: list[Row]) -> list[list[Any]]:
        return [
            [
                row.measure_id,
                row.period.isoformat(),
                row.value,
                row.numerator,
                row.denominator,
                row.note,
            ]
            for row in rows
        ]

    def decoded_rows(self) -> list[Row]:
        return [
            # The spreadsheet's row numbers matter only while there are problems to report.
            Row(0, measure_id, dt.date.fromisoformat(period), value, num, den, note)
            for measure_id, period, value, num, den, note in self.rows
        ]


class ImportSource(models.Model):
    """A saved column mapping for a published file, so next month's file goes in in one click."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_sources"
    )
    name = models.CharField(max_length=200)
    # A longtable.ColumnMapping as JSON, including the publisher credited on the measures.
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organisation", "name", name="import_source_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationCode(models.Model):
    """An organisation's ODS code, by which a national file is split among organisations."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="ods_code"
    )
    code = models.CharField(max_length=20, unique=True)

    def __str__(self) -> str:
        return self.code


class PendingBulkImport(models.Model):
    """A long table uploaded and previewed, kept on disk until its owner confirms it: the file
    (up to hundreds of megabytes) is read again on confirmation, never held in the database."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    filename = models.CharField(max_length=255)
    # The ColumnMapping, the organisation codes to keep, and whether to split the file.
    mapping = models.JSONField(default=dict)
    only = models.JSONField(default=list)
    split = models.BooleanField(default=False)
    create_organisations = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    def __str__(self) -> str:
        return self.filename


class BulkImportJob(models.Model):
    """A confirmed long-table import, run by the task worker (kaizen.imports.bulk_jobs) while
    its owner watches its progress page. The file moves here from the PendingBulkImport; the
    outcome (counts, or every bad row named) stays after the file is gone."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    filename = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict)
    only = models.JSONField(default=list)
    split = models.BooleanField(default=False)
    create_organisations = models.BooleanField(default=False)
    # The preview's changes to every new measure (bulk_import.NewMeasures).
    new_measures = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Why nothing was imported, for a file refused whole; the bad rows are in ``problems``.
    message = models.TextField(blank=True)
    # [[row, message], ...]: the first of them, and how many there were.
    problems = models.JSONField(default=list)
    problem_count = models.PositiveIntegerField(default=0)
    # The counts of a finished import and the first of its measures: bulk_jobs.result_json.
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

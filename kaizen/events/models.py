"""Rapid Process Improvement Weeks and kaizen events: their target sheet, team, preparation,
daily and follow-up report-outs."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.ideas.models import BoardAction, Idea
from kaizen.measures.models import Measure
from kaizen.projects.models import ChangeIdea

DEFAULT_CHECKLIST = [
    (8, "Agree the scope and the target sheet with the executive sponsor"),
    (6, "Name the team, patients included, and agree their release"),
    (4, "Arrange backfill for everyone released"),
    (3, "Collect baseline data for every measure on the target sheet"),
    (2, "Book the room and tell the areas affected"),
    (1, "Brief the team and the process owner"),
]


class Event(models.Model):
    class Kind(models.TextChoices):
        RPIW = "rpiw", "Rapid Process Improvement Week"
        KAIZEN = "kaizen", "Kaizen event"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RPIW)
    title = models.CharField(max_length=200)
    scope = models.TextField(blank=True)
    value_stream = models.ForeignKey(
        ValueStream, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    starts_on = models.DateField()
    ends_on = models.DateField()
    sponsor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Executive sponsor",
    )
    process_owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team_lead = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coach = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def stage(self, today: dt.date) -> str:
        if today < self.starts_on:
            return "Planning"
        if today <= self.ends_on:
            return "The week"
        return "Follow-up"


class Target(models.Model):
    """A line of the target sheet: a measure the event should move, from baseline to target."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="targets")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    baseline = models.FloatField()
    target = models.FloatField()

    def __str__(self) -> str:
        return f"{self.measure}: {self.baseline:g} to {self.target:g}"


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    release_hours = models.DecimalField(max_digits=6, decimal_places=1)
    backfill_hours = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    backfill_cost = models.DecimalField(
        "Backfill cost (£)", max_digits=9, decimal_places=2, default=0
    )

    class Meta:
        constraints = [models.UniqueConstraint("event", "person", name="one_place_per_event")]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"


class PreparationStep(models.Model):
    """A step of the organisation's usual preparation for an event, copied into each event's
    checklist when it is planned; coaches edit the list to suit how their organisation works."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="preparation_steps"
    )
    weeks_before = models.PositiveSmallIntegerField("Weeks before the event")
    text = models.CharField("Preparation step", max_length=200)

    class Meta:
        ordering = ["-weeks_before", "pk"]

    def __str__(self) -> str:
        return self.text


class ChecklistItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checklist")
    weeks_before = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["-weeks_before", "pk"]

    def __str__(self) -> str:
        return self.text


class ReportOut(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", "Daily report-out"
        DAY_30 = "30", "30-day report-out"
        DAY_60 = "60", "60-day report-out"
        DAY_90 = "90", "90-day report-out"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="report_outs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField()
    notes = models.TextField()
    # What kaizen_spc said of each target measure when the report-out was recorded.
    findings = models.JSONField(default=list)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.event}"


class ReportPhoto(models.Model):
    """A photo shown at a report-out (the wall of before and after, the team at work),
    re-encoded on upload so no EXIF or GPS survives, and served only to members."""

    report = models.ForeignKey(ReportOut, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField()
    alt_text = models.CharField(max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.alt_text


class FollowUp(models.Model):
    """A follow-up report-out the event owes, 30, 60 or 90 days after it ended: who gives it,
    by when, and (once given) its report-out, which says whether the gain held."""

    DAYS = (30, 60, 90)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    days = models.PositiveSmallIntegerField()
    due_on = models.DateField("Due on")
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.OneToOneField(
        ReportOut, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_up"
    )

    class Meta:
        ordering = ["days"]
        constraints = [models.UniqueConstraint("event", "days", name="one_follow_up_per_day")]

    def __str__(self) -> str:
        return f"{self.days}-day follow-up of {self.event}"

    @property
    def kind(self) -> str:
        """The report-out kind that gives this follow-up."""
        return str(self.days)

    def is_overdue(self, today: dt.date) -> bool:
        return self.report_id is None and today > self.due_on


class Spawn(models.Model):
    """Something an event started: an idea or an action on its unit's huddle board, or a change
    idea in a project. The record itself lives in the ideas or projects app, which answers,
    tests and closes it; this is the event's side of the link, so its page can say what became
    of everything it raised."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="spawned")
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        BoardAction, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    change_idea = models.ForeignKey(
        ChangeIdea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, action__isnull=True, change_idea__isnull=True)
                | Q(idea__isnull=True, action__isnull=False, change_idea__isnull=True)
                | Q(idea__isnull=True, action__isnull=True, change_idea__isnull=False),
                name="spawn_links_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.idea or self.action or self.change_idea} (from {self.event})"

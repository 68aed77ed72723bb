"""Leadership and engagement: top-concern rounds ("you said, we did"), the leader visibility
log, thank-yous and stories, and the weekly newsletter drafted from them.

Anonymity is a property of the schema: an anonymous Answer has no author and no time of day,
so no page, export or log can trace it to a person, whatever the code above it does.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit

# Below this many respondents, a group's answers are not broken down (by unit, role or time):
# a breakdown of two answers from a ward of three names their authors.
MIN_BREAKDOWN = 5


class Round(models.Model):
    """A leader's question to staff, open until its closing date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=300)
    # Part of the hierarchy (its unit and those below it); none for the whole organisation.
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    closes_on = models.DateField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    # When the last theme was answered: the time from closing to answer is published.
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-closes_on", "-pk"]

    def __str__(self) -> str:
        return self.question

    def is_open(self, today: dt.date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.closes_on

    def days_to_answer(self) -> int | None:
        if self.answered_at is None:
            return None
        return max(0, (timezone.localdate(self.answered_at) - self.closes_on).days)


class Theme(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(max_length=200)
    # The leaders' public answer: "we did".
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        # Anyone can follow a theme: the activity app's follow view checks a record's
        # organisation by this name.
        return self.round.organisation_id


class Answer(models.Model):
    """A member's concern. Anonymous answers keep no author and only the day they came in."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # The respondent's unit, for a breakdown that is only shown for groups of MIN_BREAKDOWN.
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    submitted_on = models.DateField(default=timezone.localdate)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )

    class Meta:
        # By text, never by id or time: the order answers are shown in says nothing of who
        # answered when.
        ordering = ["body"]

    def __str__(self) -> str:
        return self.body[:60]


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        DONE = "done", "Done"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class Visit(models.Model):
    """A leader's time where the work happens."""

    class Kind(models.TextChoices):
        GEMBA = "gemba", "Gemba walk"
        HUDDLE = "huddle", "Huddle attended"
        REPORT_OUT = "report_out", "Report-out attended"
        TRAINING = "training", "Training given"
        LISTENING = "listening", "Listening event"
        SAFETY = "safety", "Patient safety walk-round"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GEMBA)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    visited_on = models.DateField()
    with_whom = models.CharField(max_length=200, blank=True)
    learned = models.TextField(blank=True)
    # What came of it, in the leader's words; raised as an idea on the unit's huddle board
    # when they chose to (``idea``), so it is answered like any other.
    raised = models.TextField(blank=True)
    idea = models.ForeignKey(
        "ideas.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.unit}"


class Thanks(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A colleague or a team (unit): one of the two.
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE)
    message = models.TextField()
    # The work it is for (a project, cycle, idea or event), by its page's address.
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "thanks"

    def __str__(self) -> str:
        return self.message[:60]

    def recipient(self) -> str:
        return (
            str(self.team) if self.team else (self.colleague.display_name if self.colleague else "")
        )


class Story(models.Model):
    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", "An improvement"
        DID_NOT_WORK = "did_not_work", "What we tried that did not work"
        PEOPLE = "people", "People and teams"

    class Status(models.TextChoices):
        # Seen in its author's unit until approved for everyone.
        SUBMITTED = "submitted", "Awaiting approval"
        APPROVED = "approved", "Published"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=200)
    body = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMPROVEMENT)
    link = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title


class Photo(models.Model):
    """A story's photo, re-encoded on upload (so no EXIF or GPS survives) and kept in the
    database, so it is served only through the organisation's membership check."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField()
    alt_text = models.CharField(max_length=300)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.alt_text


class Newsletter(models.Model):
    """One week's issue: drafted from what happened, edited, then published."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    intro = models.TextField(blank=True)
    # [{"section", "title", "text", "url"}...] in the editor's order; a cut item is removed.
    items = models.JSONField(default=list)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    emailed_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "week_start"], name="one_issue_a_week")
        ]

    def __str__(self) -> str:
        return f"Week of {self.week_start:%-d %B %Y}"


class Compact(models.Model):
    """The agreement of "gives" and "gets" between the organisation and one group of its
    people: everyone, a role (physicians, leaders) and/or a part of the hierarchy."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    # The group: members with this role (any if blank) in this unit or below (all if none).
    role = models.CharField(max_length=20, blank=True)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompactVersion(models.Model):
    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    organisation_gives = models.TextField()
    group_gives = models.TextField()
    published_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.compact}, version {self.number}"


class Acknowledgement(models.Model):
    version = models.ForeignKey(
        CompactVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="acknowledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} acknowledged {self.version}"

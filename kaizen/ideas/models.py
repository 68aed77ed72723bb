"""Everyday improvement: ideas from anyone, their answers, huddle boards' actions and Stop-Doing
campaigns. An idea's status is organisation-defined but has a fixed kind, as projects' do, so
boards and figures mean the same thing in every organisation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.activity.models import Activity, Comment
from kaizen.measures.models import Measure
from kaizen.projects.models import ChangeIdea, Project

# An idea with no answer after this many days is stalled on its board.
STALLED_AFTER_DAYS = 7


def month_key(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


class IdeaStatus(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        TESTING = "testing", "Testing"
        IMPLEMENTED = "implemented", "Implemented"
        NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"
        DUPLICATE = "duplicate", "Duplicate"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="idea_statuses"
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "idea statuses"
        constraints = [
            models.UniqueConstraint("organisation", "name", name="unique_idea_status_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.kind in CLOSED_KINDS


CLOSED_KINDS = frozenset(
    {
        IdeaStatus.Kind.IMPLEMENTED,
        IdeaStatus.Kind.NOT_TAKEN_FORWARD,
        IdeaStatus.Kind.DUPLICATE,
    }
)


class IdeaQuerySet(models.QuerySet["Idea"]):
    def for_organisation(self, organisation: Organisation) -> IdeaQuerySet:
        return self.filter(organisation=organisation)

    def open(self) -> IdeaQuerySet:
        return self.exclude(status__kind__in=CLOSED_KINDS)

    def credited_to(self, user: User) -> IdeaQuerySet:
        """The ideas ``user`` wrote, raised for someone, or co-authored."""
        return self.filter(Q(author=user) | Q(raised_by=user) | Q(co_authors=user)).distinct()

    def stalled(self, now: dt.datetime) -> IdeaQuerySet:
        """Open ideas with no answer after a week, or a quick fix past its date (as
        Idea.is_stalled decides for one idea)."""
        return self.open().filter(stalled_condition(now))


def stalled_condition(now: dt.datetime) -> Q:
    """An open idea is stalled with no answer after a week, or a quick fix past its date: a
    condition, so that a count can filter by it (the huddle board's tally)."""
    unanswered = Q(
        first_answered_at__isnull=True,
        raised_at__lte=now - dt.timedelta(days=STALLED_AFTER_DAYS),
    )
    late = Q(first_answered_at__isnull=False, quick_fix_due__lt=timezone.localdate(now))
    return unanswered | late


class Idea(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ideas")
    problem = models.TextField("What is the problem?", max_length=2000)
    proposal = models.TextField("What could we try?", max_length=2000, blank=True)
    # Where the idea belongs: its unit's huddle board shows it (board_unit once escalated).
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    board_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_ideas"
    )
    value_stream = models.ForeignKey(ValueStream, null=True, blank=True, on_delete=models.SET_NULL)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL)
    photo = models.ImageField(upload_to="ideas/%Y/%m/", blank=True)
    # The credited author; raised_by differs when someone raised it on a colleague's behalf.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas_authored"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas_raised"
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="ideas_co_authored"
    )
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="ideas_supported"
    )
    status = models.ForeignKey(IdeaStatus, on_delete=models.PROTECT, related_name="ideas")
    answer = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # From idea to action: a quick fix, a change idea in a project, or a new project.
    quick_fix_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quick_fixes",
    )
    quick_fix_due = models.DateField(null=True, blank=True)
    change_idea = models.ForeignKey(
        ChangeIdea, null=True, blank=True, on_delete=models.SET_NULL, related_name="raised_ideas"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="raised_ideas"
    )
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: a status change names the version it was made on.
    version = models.PositiveIntegerField(default=1)
    # Derived by stamp() so the engagement figures group and take medians over plain numbers
    # in SQL, without converting 50,000 timestamps: the month raised as year * 12 + month - 1,
    # and the whole days from raising to the first answer.
    raised_month = models.PositiveIntegerField(default=0, editable=False)
    answer_days = models.PositiveIntegerField(null=True, blank=True, editable=False)

    comments = GenericRelation(Comment)
    activities = GenericRelation(Activity)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["organisation", "board_unit", "raised_at"]),
            # Covering the engagement figures' GROUP BY and DISTINCT (kaizen.ideas.engagement):
            # every column they read is in the index, the status too (the share implemented),
            # so 50,000 ideas are counted without reading a row; the days to answer next to the
            # month, so the counts come grouped in index order without a sort. The unit is in it
            # for one area's figures, whose ideas may be most of the organisation's.
            models.Index(
                fields=["organisation", "raised_month", "answer_days", "unit", "status", "author"],
                name="idea_engagement",
            ),
            # The same led by the unit: the table by area, and a small area of a large trust.
            models.Index(
                fields=["organisation", "unit", "raised_month", "status", "author", "answer_days"],
                name="idea_engagement_in_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"Idea {self.pk}: {self.problem[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.stamp()
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "raised_month", "answer_days"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.organisation.slug, self.pk])

    def stamp(self) -> Idea:
        """Fill the derived fields (bulk_create callers call this themselves)."""
        raised = timezone.localtime(self.raised_at)
        self.raised_month = month_key(raised.date())
        if self.first_answered_at is not None:
            self.answer_days = max((self.first_answered_at - self.raised_at).days, 0)
        return self

    def credits(self, user: User) -> bool:
        """Whether ``user`` is one of the idea's authors: its author, whoever raised it for
        them, or a co-author."""
        if user.pk in (self.author_id, self.raised_by_id):
            return True
        return self.co_authors.filter(pk=user.pk).exists()

    def default_followers(self) -> list[User]:
        """The author, whoever raised it, co-authors and supporters hear every answer."""
        people = {self.author_id: self.author, self.raised_by_id: self.raised_by}
        people.update({u.pk: u for u in self.co_authors.all()})
        people.update({u.pk: u for u in self.supporters.all()})
        return list(people.values())

    def is_stalled(self, now: dt.datetime | None = None) -> bool:
        """No answer after a week, or a quick fix past its date."""
        now = now or timezone.now()
        if self.status.is_closed:
            return False
        if self.first_answered_at is None:
            return (now - self.raised_at).days >= STALLED_AFTER_DAYS
        return self.quick_fix_due is not None and self.quick_fix_due < timezone.localdate(now)


class IdeaAnswer(models.Model):
    """Each change of status with its written answer: the idea's history."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="answers")
    status = models.ForeignKey(IdeaStatus, on_delete=models.PROTECT)
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.status}: {self.text[:60]}"


class BoardActionQuerySet(models.QuerySet["BoardAction"]):
    def overdue(self, today: dt.date) -> BoardActionQuerySet:
        return self.filter(done_at__isnull=True, due__lt=today)


class BoardAction(models.Model):
    """An action agreed at a unit's huddle, with its owner and due date; ``unit`` is the board
    it is on now (it moves when escalated or handed back)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="board_actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BoardActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        board = reverse("ideas:board", args=[self.organisation.slug, self.unit_id])
        return f"{board}#action-{self.pk}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.done_at is None and self.due < (today or timezone.localdate())


class Escalation(models.Model):
    """An idea or a huddle action moved to another unit's board, with the reason: up to the
    unit above (escalated) or back down to a unit below (handed back)."""

    class Direction(models.TextChoices):
        UP = "up", "Escalated"
        DOWN = "down", "Handed back"

    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    action = models.ForeignKey(
        BoardAction, null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=True, action__isnull=False)
                | Q(idea__isnull=False, action__isnull=True),
                name="escalation_moves_an_idea_or_an_action",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.from_unit} → {self.to_unit}"


class Campaign(models.Model):
    """A Stop-Doing campaign: staff nominate low-value activities within its window."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stop_campaigns"
    )
    title = models.CharField(max_length=200)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    opens = models.DateField()
    closes = models.DateField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-opens"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:campaign", args=[self.organisation.slug, self.pk])

    def is_open(self, today: dt.date | None = None) -> bool:
        return self.opens <= (today or timezone.localdate()) <= self.closes


class Nomination(models.Model):
    class Decision(models.TextChoices):
        UNDECIDED = "", "Not decided yet"
        STOP = "stop", "Stop"
        CHANGE = "change", "Change"
        KEEP = "keep", "Keep"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominations")
    what = models.CharField("What is the activity?", max_length=300)
    who_does_it = models.CharField("Who does it?", max_length=200)
    times_per_week = models.DecimalField("How many times a week?", max_digits=7, decimal_places=2)
    minutes_each = models.PositiveIntegerField("Minutes each time")
    why = models.TextField("Why does it add no value?", max_length=2000)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(blank=True)
    # Confirmed by the decider (proposed from the nomination's figures).
    hours_per_week = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    redeployed_to = models.CharField("Where the time went", max_length=300, blank=True)
    # The improvement project the released time now goes to, when it went to one.
    redeployed_project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="redeployed_time"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return reverse("ideas:nomination", args=[self.campaign.organisation.slug, self.pk])

    @property
    def organisation_id(self) -> int:
        # Lets generic views (the impact ledger's) check the record is the organisation's.
        return self.campaign.organisation_id

    @property
    def proposed_hours_per_week(self) -> Decimal:
        return (self.times_per_week * self.minutes_each / 60).quantize(Decimal("0.01"))

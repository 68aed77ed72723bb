"""The conversation around any record of any app: comments, follows, the activity feed and
notifications, always inside one organisation.

A record is attached through contenttypes (``target``), like the audit trail's one-call design:
an app needs no foreign key here, only to pass its record to kaizen.activity.services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from kaizen.accounts.models import Organisation


def about(target: models.Model) -> dict[str, Any]:
    """The lookups for the rows about ``target``: ``Comment.objects.filter(**about(project))``."""
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


class Targeted(models.Model):
    """A row about one record (a project, a cycle, a measure...) of one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class Comment(Targeted):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(Targeted.Meta):
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="comment_target")]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class Activity(Targeted):
    """One line of a record's activity feed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(Targeted.Meta):
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["content_type", "object_id"], name="activity_target")]

    def __str__(self) -> str:
        return self.text


class Follow(Targeted):
    """Someone's choice to hear about a record (following) or not (``following=False``,
    which overrides being a follower by default, e.g. as a project's team member)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    following = models.BooleanField(default=True)

    class Meta(Targeted.Meta):
        constraints = [
            models.UniqueConstraint(
                "user", "content_type", "object_id", name="one_follow_per_record"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self) -> str:
        return f"{self.user} {'follows' if self.following else 'unfollowed'} {self.target}"


class NotificationPreference(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", "Immediately"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"
        NEVER = "never", "Never"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.DAILY)
    next_digest_at = models.DateTimeField(null=True, blank=True)
    # The Notification.Kind values this person chose not to hear of at all (neither in the
    # inbox nor by email). Stored as what is muted, so a kind added later is heard by default.
    muted_kinds = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"

    def digest_interval(self) -> dt.timedelta | None:
        return {
            self.Frequency.DAILY: dt.timedelta(days=1),
            self.Frequency.WEEKLY: dt.timedelta(days=7),
        }.get(self.Frequency(self.frequency))


class Notification(Targeted):
    """An entry in someone's inbox, and the outbox row its email is sent from: ``emailed_at``
    stays empty until a task or the digest loop has delivered it."""

    class Kind(models.TextChoices):
        CYCLE_DUE = "cycle_due", "A cycle is due for study"
        VERDICT = "verdict", "A verdict changed"
        JOINED = "joined", "Someone joined a project"
        COMMENT = "comment", "Someone commented"
        MENTION = "mention", "Someone mentioned you"
        IDEA_ANSWERED = "idea_answered", "An idea you raised or support was answered"
        ESCALATED = "escalated", "An idea or action was escalated or handed back"
        ACTION = "action", "You were given a huddle action"
        STALLED = "stalled", "Items stalled in your area (a daily digest)"
        NETWORK = "network", "Your organisation was invited to a network"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # Stops a scheduled check (cycles due for study) from notifying twice about one thing.
    dedupe_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta(Targeted.Meta):
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "emailed_at"], name="notification_outbox"),
            models.Index(fields=["organisation", "dedupe_key"], name="notification_dedupe"),
            models.Index(fields=["content_type", "object_id"], name="notification_target"),
        ]

    def __str__(self) -> str:
        return self.text


class FailedTask(models.Model):
    """A background task that failed on its last attempt, kept until an admin retries or
    dismisses it, so no email or job is silently lost."""

    # Null for installation-wide work (digests), which only installation admins see.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    task_path = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    attempts = models.PositiveSmallIntegerField()
    error = models.TextField()
    failed_at = models.DateTimeField(default=timezone.now)
    retried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.failed_at:%Y-%m-%d %H:%M})"


class ScheduledJob(models.Model):
    """When a scheduled job is next due. Schedulers claim a run by moving ``next_run_at`` on
    with a conditional UPDATE, so two schedulers never enqueue the same run twice."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

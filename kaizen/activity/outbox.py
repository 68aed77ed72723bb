"""Delivering notifications by email, from the worker or the digest loop (never in a request).

Each notification row is its own outbox entry: ``emailed_at`` is set only once its mail went,
so a failed delivery leaves it pending for the retry or the next digest.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from kaizen.activity.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


class DigestsFailed(Exception):
    """Some digests could not be sent; they stay due and go on the task's retry."""


def deliver(*, notification_id: int) -> bool:
    """Email one notification unless it already went (a retry after a partial failure)."""
    note = (
        Notification.objects.filter(pk=notification_id, emailed_at=None)
        .select_related("recipient", "organisation")
        .first()
    )
    if note is None:
        return False
    send_mail(
        f"{settings.SITE_NAME}: {note.text}"[:150],
        f"{note.text}\n\n{settings.SITE_URL}{note.url}",
        None,
        [note.recipient.email],
    )
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return True


def send_due_digests(*, now: dt.datetime) -> int:
    """Email every person whose digest is due and who has unsent notifications; return how
    many emails went. One person's failure does not stop the others'; it is raised at the end
    so the task is retried."""
    sent, failed = 0, 0
    digest_kinds = [NotificationPreference.Frequency.DAILY, NotificationPreference.Frequency.WEEKLY]
    pending = (
        Notification.objects.filter(emailed_at=None)
        .filter(Q(recipient__notification_preference__frequency__in=digest_kinds))
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for preference in NotificationPreference.objects.filter(user_id__in=list(pending)).filter(
        Q(next_digest_at=None) | Q(next_digest_at__lte=now)
    ):
        try:
            # The claim and the "emailed" marks stand only if the mail went.
            with transaction.atomic():
                if _claim(preference, now) and _send(preference, now):
                    sent += 1
        except OSError:  # smtplib's errors are OSErrors
            logger.exception("The digest for user %s could not be sent", preference.user_id)
            failed += 1
    if failed:
        raise DigestsFailed(f"{failed} digests could not be sent ({sent} were)")
    return sent


def _claim(preference: NotificationPreference, now: dt.datetime) -> bool:
    """Move the next digest time on, only if no other runner did first (an optimistic lock)."""
    interval = preference.digest_interval()
    if interval is None:
        return False
    claimed = NotificationPreference.objects.filter(
        pk=preference.pk, next_digest_at=preference.next_digest_at
    ).update(next_digest_at=now + interval)
    return bool(claimed)


def _send(preference: NotificationPreference, now: dt.datetime) -> bool:
    notes = list(
        Notification.objects.filter(recipient_id=preference.user_id, emailed_at=None)
        .select_related("organisation")
        .order_by("organisation__name", "created_at")
    )
    if not notes:
        return False
    user = preference.user
    body = render_to_string(
        "activity/digest_email.txt",
        {"user": user, "notes": notes, "site_url": settings.SITE_URL, "preference": preference},
    )
    period = (
        "weekly" if preference.frequency == NotificationPreference.Frequency.WEEKLY else "daily"
    )
    send_mail(f"{settings.SITE_NAME}: your {period} Kaizen digest", body, None, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
    return True

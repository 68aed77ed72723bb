"""Digest emails: each person's unsent notifications, daily or weekly as they chose."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string

from kaizen.projects.models import Notification, NotificationPreference


def send_due_digests(*, now: dt.datetime) -> int:
    """Email every person whose digest is due and who has unsent notifications; return how
    many emails went."""
    sent = 0
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
        if _claim(preference, now) and _send(preference, now):
            sent += 1
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
        .select_related("project__organisation")
        .order_by("project__title", "created_at")
    )
    if not notes:
        return False
    user = preference.user
    body = render_to_string(
        "projects/digest_email.txt",
        {"user": user, "notes": notes, "site_url": settings.SITE_URL, "preference": preference},
    )
    period = (
        "weekly" if preference.frequency == NotificationPreference.Frequency.WEEKLY else "daily"
    )
    send_mail(f"{settings.SITE_NAME}: your {period} project digest", body, None, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
    return True

"""One call per conversation event, from any app: record an event (audit trail, activity feed
and, where asked, notifications together), comment, follow, and read the inbox.

Notifying writes rows only. Email goes after the caller's transaction commits, through the task
queue (kaizen.activity.tasks), or in the digest loop; an SMTP outage can therefore neither roll
back the change that caused the notification nor mail people about a change that was rolled back.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from functools import partial
from typing import Any, Protocol, runtime_checkable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import (
    Activity,
    Comment,
    Follow,
    Notification,
    NotificationPreference,
    about,
)
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.privacy.forms import validate_free_text


@runtime_checkable
class HasDefaultFollowers(Protocol):
    """A record whose app says who hears about it without asking (a project's team, say):
    the app defines this method on its model, and kaizen.activity needs no import of it."""

    def default_followers(self) -> Iterable[User]: ...


def record_event(
    *,
    actor: User | None,
    organisation: Organisation,
    target: models.Model,
    text: str,
    url: str = "",
    feed: models.Model | None = None,
    action: str = AuditEvent.Action.UPDATE,
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
    notify_kind: str = "",
    notify_skip: Collection[User | None] = (),
) -> None:
    """Put one event on the audit trail (about ``target``), on the activity feed of ``feed``
    (``target`` unless given: a cycle's events show on its project's feed) and, with
    ``notify_kind``, in the inbox of the feed record's followers, in the caller's transaction."""
    with transaction.atomic():
        record(
            actor=actor,
            organisation=organisation,
            action=action,
            target=target,
            changes=changes,
            summary=summary or text,
        )
        shown_on = feed if feed is not None else target
        Activity.objects.create(
            organisation=organisation, actor=actor, text=text[:300], url=url, **about(shown_on)
        )
        if notify_kind:
            notify(
                organisation=organisation,
                target=shown_on,
                kind=notify_kind,
                text=text,
                url=url,
                skip=(actor, *notify_skip),
            )


def followers(target: models.Model) -> list[User]:
    """Who hears about ``target``: its app's default followers and those who chose to follow
    it, less those who chose to stop."""
    people: dict[int, User] = {}
    if isinstance(target, HasDefaultFollowers):
        people = {user.pk: user for user in target.default_followers()}
    for choice in Follow.objects.filter(**about(target)).select_related("user"):
        if choice.following:
            people[choice.user_id] = choice.user
        else:
            people.pop(choice.user_id, None)
    return list(people.values())


def is_following(user: User, target: models.Model) -> bool:
    return any(person.pk == user.pk for person in followers(target))


def follow_button(
    *, user: User, organisation: Organisation, target: models.Model
) -> dict[str, Any]:
    """What a record's page needs to show its Follow / Stop following button."""
    content_type = ContentType.objects.get_for_model(target)
    return {
        "url": reverse("activity:follow", args=[organisation.slug, content_type.pk, target.pk]),
        "following": is_following(user, target),
    }


def follow(
    *, user: User, organisation: Organisation, target: models.Model, following: bool
) -> None:
    Follow.objects.update_or_create(
        user=user,
        **about(target),
        defaults={"organisation": organisation, "following": following},
    )


def notify(
    *,
    organisation: Organisation,
    target: models.Model,
    kind: str,
    text: str,
    url: str,
    skip: Collection[User | None] = (),
    dedupe_key: str = "",
    recipients: Iterable[User] | None = None,
) -> list[Notification]:
    """Tell ``recipients`` (the followers of ``target`` unless given), except ``skip`` and those
    who muted this kind of notification. Those who asked to hear at once are emailed once the
    transaction commits; the rest wait for their digest."""
    skipped = {user.pk for user in skip if user is not None}
    people = followers(target) if recipients is None else list(recipients)
    wanted = [user for user in people if user.pk not in skipped]
    preferences = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user__in=wanted)
    }
    now = timezone.now()
    notes = Notification.objects.bulk_create(
        Notification(
            organisation=organisation,
            recipient=user,
            kind=kind,
            text=text[:300],
            url=url,
            dedupe_key=dedupe_key,
            created_at=now,
            **about(target),
        )
        for user in wanted
        if user.pk not in preferences or kind not in preferences[user.pk].muted_kinds
    )
    # Everyone notified gets the default preference (a daily digest), which the digest loop reads.
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user_id=n.recipient_id)
            for n in notes
            if n.recipient_id not in preferences
        ],
        ignore_conflicts=True,
    )
    immediately = NotificationPreference.Frequency.IMMEDIATELY
    for note in notes:
        preference = preferences.get(note.recipient_id)
        if preference is not None and preference.frequency == immediately:
            transaction.on_commit(partial(_enqueue_email, note.pk, organisation.pk))
    return notes


def _enqueue_email(notification_id: int, organisation_id: int) -> None:
    from kaizen.activity.tasks import send_notification_email

    send_notification_email.enqueue(
        notification_id=notification_id, organisation_id=organisation_id
    )


def already_notified(*, organisation: Organisation, dedupe_key: str) -> bool:
    return Notification.objects.filter(organisation=organisation, dedupe_key=dedupe_key).exists()


def preference_for(user: User) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


def kinds_heard(*, user: User, heard: Collection[str]) -> None:
    """Hear only the ``heard`` kinds of notification from now on; mute the rest."""
    preference = preference_for(user)
    preference.muted_kinds = [kind for kind in Notification.Kind.values if kind not in heard]
    preference.save(update_fields=["muted_kinds"])


def comment_add(
    *,
    organisation: Organisation,
    target: models.Model,
    by: User,
    body: str,
    url: str,
    feed: models.Model | None = None,
    feed_text: str = "",
) -> Comment:
    """Comment on ``target``: the author follows it from now on, people @mentioned by name or
    email (members of the organisation only) are told, and so are its other followers."""
    if not body.strip():
        raise ValidationError("Write a comment first.")
    validate_free_text(body, organisation=organisation)
    with transaction.atomic():
        comment = Comment.objects.create(
            organisation=organisation, author=by, body=body.strip(), **about(target)
        )
        follow(user=by, organisation=organisation, target=target, following=True)
        named = mentioned(organisation=organisation, body=body)
        where = feed_text or f"{by} commented on {target}"
        notify(
            organisation=organisation,
            target=target,
            kind=Notification.Kind.MENTION,
            text=f"{by} mentioned you: {comment.body}",
            url=url,
            skip=(by,),
            recipients=named,
        )
        record_event(
            actor=by,
            organisation=organisation,
            target=comment,
            feed=feed or target,
            text=where,
            url=url,
            action=AuditEvent.Action.CREATE,
        )
        notify(
            organisation=organisation,
            target=target,
            kind=Notification.Kind.COMMENT,
            text=f"{where}: {comment.body}",
            url=url,
            skip=(by, *named),
        )
    return comment


def mentioned(*, organisation: Organisation, body: str) -> list[User]:
    """The organisation's members named in ``body`` as @email or @Full Name (any case)."""
    text = body.casefold()
    if "@" not in text:
        return []
    members = User.objects.filter(memberships__organisation=organisation).distinct()
    return [user for user in members if _named(user, text)]


def _named(user: User, text: str) -> bool:
    names = [user.email, user.full_name]
    return any(
        name and re.search(rf"@{re.escape(name.casefold())}(?![\w.-])", text) for name in names
    )


def inbox(*, user: User, organisation: Organisation) -> models.QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, organisation=organisation)


def unread_count(*, user: User, organisation: Organisation) -> int:
    return inbox(user=user, organisation=organisation).filter(read_at=None).count()


def mark_read(*, user: User, organisation: Organisation, pk: int | None = None) -> int:
    """Mark one notification (``pk``) or all of them read; return how many changed."""
    unread = inbox(user=user, organisation=organisation).filter(read_at=None)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())

"""The weekly newsletter: drafted from what every app says happened that week (their news
sources, through the registry, so no sibling app is imported), edited, then published to the
web archive, by email (HTML and plain text, through the task queue, honouring each member's
notification preference) and as a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kaizen import registry
from kaizen.accounts.models import Membership, Organisation, User
from kaizen.activity.models import NotificationPreference
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.engagement import following
from kaizen.engagement.models import Newsletter, Story, Thanks, Theme, Visit
from kaizen.privacy.forms import validate_free_text

# The order sections appear in a fresh draft; an app's own sections follow, in registry order.
SECTIONS = ("Out and about", "You said, we did", "Thank you", "Leaders out and about")
EMAIL_BATCH = 200


def week_of(day: dt.date) -> dt.date:
    """The Monday the week of ``day`` starts on."""
    return day - dt.timedelta(days=day.weekday())


def engagement_news(
    *, organisation: Organisation, start: dt.datetime, end: dt.datetime
) -> list[registry.NewsItem]:
    """This app's news source: approved stories, answered themes, thank-yous, leader visits."""
    slug = organisation.slug
    items = [
        registry.NewsItem(
            "Out and about",
            story.title,
            f"{story.get_kind_display()}, by {story.author.display_name}",
            reverse("engagement:story", args=[slug, story.pk]),
            unit_id=story.unit_id,
        )
        for story in Story.objects.filter(
            organisation=organisation,
            status=Story.Status.APPROVED,
            approved_at__gte=start,
            approved_at__lt=end,
        ).select_related("author")
    ]
    items += [
        registry.NewsItem(
            "You said, we did",
            theme.title,
            theme.response[:300],
            reverse("engagement:round", args=[slug, theme.round_id]),
            unit_id=theme.round.unit_id,
        )
        for theme in Theme.objects.filter(
            round__organisation=organisation, responded_at__gte=start, responded_at__lt=end
        ).select_related("round")
    ]
    items += [
        registry.NewsItem(
            "Thank you",
            f"{thanks.sender.display_name} thanked {thanks.recipient()}",
            thanks.message[:300],
            thanks.link,
            unit_id=thanks.team_id,
        )
        for thanks in Thanks.objects.filter(
            organisation=organisation, created_at__gte=start, created_at__lt=end
        ).select_related("sender", "colleague", "team")
    ]
    visits = Visit.objects.filter(
        organisation=organisation, visited_on__gte=start.date(), visited_on__lt=end.date()
    ).select_related("leader", "unit")
    items += [
        registry.NewsItem(
            "Leaders out and about",
            f"{visit.leader.display_name}: {visit.get_kind_display().lower()} on {visit.unit}",
            (visit.learned + (f" Idea raised: {visit.raised}" if visit.idea_id else ""))[:300],
            reverse("engagement:leader", args=[slug, visit.leader_id]),
            unit_id=visit.unit_id,
        )
        for visit in visits
    ]
    return items


def newsletter_draft(*, organisation: Organisation, week_start: dt.date) -> Newsletter:
    """The week's draft, made afresh from the news sources (an edited draft is redrafted only
    by this call; a published issue never is)."""
    start = timezone.make_aware(dt.datetime.combine(week_start, dt.time.min))
    end = start + dt.timedelta(days=7)
    items: list[registry.NewsItem] = []
    for source in registry.news_sources():
        items += source(organisation=organisation, start=start, end=end)
    order = {name: index for index, name in enumerate(SECTIONS)}
    items.sort(key=lambda item: order.get(item.section, len(order)))
    with transaction.atomic():
        issue, _ = Newsletter.objects.select_for_update().get_or_create(
            organisation=organisation, week_start=week_start
        )
        if issue.published_at is not None:
            raise ValidationError("This week's newsletter is already published.")
        issue.items = [asdict(item) for item in items]
        issue.save(update_fields=["items"])
    return issue


def newsletter_edit(
    *,
    issue: Newsletter,
    intro: str | None = None,
    move: int | None = None,
    up: bool = True,
    cut: int | None = None,
) -> Newsletter:
    """The editor's changes: the introduction, an item moved up or down, an item cut."""
    if issue.published_at is not None:
        raise ValidationError("A published newsletter cannot be changed.")
    items = list(issue.items)
    if intro is not None:
        validate_free_text(intro, organisation=issue.organisation)
        issue.intro = intro.strip()
    if cut is not None and 0 <= cut < len(items):
        del items[cut]
    if move is not None and 0 <= move < len(items):
        other = move - 1 if up else move + 1
        if 0 <= other < len(items):
            items[move], items[other] = items[other], items[move]
    issue.items = items
    issue.save(update_fields=["intro", "items"])
    return issue


def newsletter_publish(*, actor: User, issue: Newsletter) -> Newsletter:
    if issue.published_at is not None:
        raise ValidationError("This newsletter is already published.")
    if not issue.items:
        raise ValidationError("There is nothing in this newsletter to publish.")
    with transaction.atomic():
        issue.published_at, issue.published_by = timezone.now(), actor
        issue.save(update_fields=["published_at", "published_by"])
        record_event(
            actor=actor,
            organisation=issue.organisation,
            target=issue,
            action=AuditEvent.Action.UPDATE,
            text=f"The newsletter for the {issue} is out",
            url=issue_url(issue),
        )
        transaction.on_commit(partial(_enqueue_send, issue.pk, issue.organisation_id))
    return issue


def issue_url(issue: Newsletter) -> str:
    return reverse("engagement:newsletter", args=[issue.organisation.slug, issue.pk])


def _enqueue_send(issue_id: int, organisation_id: int) -> None:
    from kaizen.activity.tasks import run_job

    run_job.enqueue(
        path="kaizen.engagement.newsletter.send_newsletter",
        kwargs={"issue_id": issue_id},
        organisation_id=organisation_id,
    )


def readers(organisation: Organisation) -> list[User]:
    """Members who have not asked for no email (the default, a digest, still takes it)."""
    silent = NotificationPreference.objects.filter(
        frequency=NotificationPreference.Frequency.NEVER
    ).values("user_id")
    members = Membership.objects.filter(organisation=organisation).exclude(user_id__in=silent)
    return [m.user for m in members.select_related("user").order_by("user_id")]


def grouped(issue: Newsletter) -> list[tuple[str, list[dict[str, Any]]]]:
    """The items under their section headings, in the editor's order of first appearance."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in issue.items:
        sections.setdefault(item["section"], []).append(item)
    return list(sections.items())


def send_newsletter(*, issue_id: int) -> int:
    """Email the issue to its readers, HTML and plain text, each opening with the news of what
    they follow; runs in the task queue. A retry after a failure resends only to whom it has
    not counted."""
    issue = Newsletter.objects.select_related("organisation").get(pk=issue_id)
    organisation = issue.organisation
    choices = following.followed_by_member(organisation)
    render = _renderer(issue)
    subject = f"{organisation.name}: newsletter for the {issue}"
    people = readers(organisation)[issue.emailed_count :]
    with mail.get_connection() as connection:
        for start in range(0, len(people), EMAIL_BATCH):
            batch = people[start : start + EMAIL_BATCH]
            messages = []
            for person in batch:
                html, text = render(choices.get(person.pk, following.NOTHING))
                message = mail.EmailMultiAlternatives(
                    subject, text, to=[person.email], connection=connection
                )
                message.attach_alternative(html, "text/html")
                messages.append(message)
            connection.send_messages(messages)
            Newsletter.objects.filter(pk=issue.pk).update(
                emailed_count=issue.emailed_count + start + len(batch)
            )
    return len(people)


def _renderer(issue: Newsletter) -> Callable[[following.Followed], tuple[str, str]]:
    """The email's HTML and text for a reader's choice of follows, rendered once for every
    reader whose follows pick out the same items (most follow nothing: one rendering)."""
    sections = grouped(issue)
    context = {
        "issue": issue,
        # Links in an email need the site's address; on the web they are relative.
        "base": settings.SITE_URL.rstrip("/"),
        "follow_url": reverse("engagement:follow", args=[issue.organisation.slug]),
    }
    cache: dict[tuple[int, ...], tuple[str, str]] = {}

    def render(choice: following.Followed) -> tuple[str, str]:
        key = tuple(n for n, item in enumerate(issue.items) if choice.covers(item))
        if key not in cache:
            shown = context | {"sections": following.first_for(sections, choice)}
            cache[key] = (
                render_to_string("engagement/newsletter_email.html", shown),
                render_to_string("engagement/newsletter_email.txt", shown),
            )
        return cache[key]

    return render

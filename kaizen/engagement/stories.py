"""Thank-yous and stories ("Out and about"): services and who may read a story."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Capability
from kaizen.activity.services import notify, record_event
from kaizen.audit.models import AuditEvent
from kaizen.engagement.models import Photo, Story, Thanks
from kaizen.privacy.forms import validate_free_text
from kaizen.privacy.images import CleanImage


def story_url(story: Story) -> str:
    return reverse("engagement:story", args=[story.organisation.slug, story.pk])


def visible_stories(membership: Membership) -> QuerySet[Story]:
    """Published stories for everyone; one awaiting approval for its author, its unit and
    those who approve stories."""
    stories = Story.objects.filter(organisation=membership.organisation)
    if membership.can(Capability.EDIT_NEWS):
        return stories
    mine = Q(author=membership.user)
    if membership.unit_id:
        mine |= Q(unit_id=membership.unit_id)
    return stories.filter(Q(status=Story.Status.APPROVED) | mine)


def story_submit(
    *,
    author: User,
    organisation: Organisation,
    unit: OrgUnit | None,
    title: str,
    body: str,
    kind: str,
    link: str = "",
    photos: Sequence[tuple[CleanImage, str]] = (),
    consent: bool = False,
) -> Story:
    """``photos`` are re-encoded images with their alt text; everyone shown in them must
    have agreed (``consent``)."""
    errors: dict[str, str] = {}
    if photos and not consent:
        errors["consent"] = "Confirm that everyone in the photos agreed to it being shared."
    if any(not alt.strip() for _, alt in photos):
        errors["alt_text"] = "Describe the photo for people who cannot see it (alt text)."
    if errors:
        raise ValidationError(errors)
    for text in (title, body, *(alt for _, alt in photos)):
        validate_free_text(text, organisation=organisation)
    with transaction.atomic():
        story = Story.objects.create(
            organisation=organisation,
            author=author,
            unit=unit,
            title=title.strip(),
            body=body.strip(),
            kind=kind,
            link=link,
        )
        Photo.objects.bulk_create(
            Photo(
                story=story,
                image=clean.data,
                alt_text=alt.strip(),
                width=clean.width,
                height=clean.height,
            )
            for clean, alt in photos
        )
        record_event(
            actor=author,
            organisation=organisation,
            target=story,
            action=AuditEvent.Action.CREATE,
            text=f"{author.display_name} shared a story: {story.title}",
            url=story_url(story),
        )
    return story


def story_approve(*, actor: User, story: Story) -> Story:
    if story.status == Story.Status.APPROVED:
        raise ValidationError("This story is already published.")
    with transaction.atomic():
        story.status, story.approved_by, story.approved_at = (
            Story.Status.APPROVED,
            actor,
            timezone.now(),
        )
        story.save(update_fields=["status", "approved_by", "approved_at"])
        record_event(
            actor=actor,
            organisation=story.organisation,
            target=story,
            text=f"Published for everyone: {story.title}",
            url=story_url(story),
        )
        notify(
            organisation=story.organisation,
            target=story,
            kind="engagement",
            text=f"Your story “{story.title}” is published for everyone",
            url=story_url(story),
            recipients=[story.author],
            skip=[actor],
        )
    return story


def thanks_send(
    *,
    sender: User,
    organisation: Organisation,
    message: str,
    colleague: User | None = None,
    team: OrgUnit | None = None,
    link: str = "",
) -> Thanks:
    if (colleague is None) == (team is None):
        raise ValidationError("Thank either a colleague or a team.")
    if colleague is not None and colleague.pk == sender.pk:
        raise ValidationError({"colleague": "Thank someone else: your own work shows in theirs."})
    if not message.strip():
        raise ValidationError({"message": "Say what you are thanking them for."})
    validate_free_text(message, organisation=organisation)
    with transaction.atomic():
        thanks = Thanks.objects.create(
            organisation=organisation,
            sender=sender,
            colleague=colleague,
            team=team,
            message=message.strip(),
            link=link,
        )
        url = reverse("engagement:stories", args=[organisation.slug])
        record_event(
            actor=sender,
            organisation=organisation,
            target=thanks,
            action=AuditEvent.Action.CREATE,
            text=f"{sender.display_name} thanked {thanks.recipient()}",
            url=url,
        )
        if colleague is not None:
            notify(
                organisation=organisation,
                target=thanks,
                kind="engagement",
                text=f"{sender.display_name} thanked you: {thanks.message}",
                url=url,
                recipients=[colleague],
            )
    return thanks

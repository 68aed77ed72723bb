"""Ideas: raising, supporting, answering and turning into action. Each service validates,
writes in one transaction and records the event (audit, feed, notifications) with activity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity import services as activity
from kaizen.activity.models import Notification
from kaizen.audit.models import AuditEvent
from kaizen.changes import StaleEdit
from kaizen.ideas.models import Idea, IdeaAnswer, IdeaStatus
from kaizen.ideas.photos import reencode
from kaizen.privacy.forms import validate_free_text
from kaizen.projects import services as projects
from kaizen.projects.models import ChangeIdea, DriverNode, Project

DEFAULT_STATUSES = [
    ("New", IdeaStatus.Kind.NEW),
    ("Under review", IdeaStatus.Kind.UNDER_REVIEW),
    ("Testing", IdeaStatus.Kind.TESTING),
    ("Implemented", IdeaStatus.Kind.IMPLEMENTED),
    ("Not taken forward", IdeaStatus.Kind.NOT_TAKEN_FORWARD),
    ("Duplicate", IdeaStatus.Kind.DUPLICATE),
]


def install_defaults(*, organisation: Organisation) -> None:
    """One status of each kind; an organisation may rename or add to them."""
    for position, (name, kind) in enumerate(DEFAULT_STATUSES):
        IdeaStatus.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"kind": kind, "position": position},
        )


def first_status(organisation: Organisation) -> IdeaStatus:
    install_defaults(organisation=organisation)
    status = IdeaStatus.objects.filter(organisation=organisation, kind=IdeaStatus.Kind.NEW).first()
    assert status is not None
    return status


def _event(idea: Idea, by: User, text: str, **extra: Any) -> None:
    activity.record_event(
        actor=by,
        organisation=idea.organisation,
        target=idea,
        text=text,
        url=idea.get_absolute_url(),
        **extra,
    )


def idea_raise(
    *,
    organisation: Organisation,
    by: User,
    values: dict[str, Any],
    photo: UploadedFile[bytes] | None = None,
    author: User | None = None,
    co_authors: list[User] | tuple[User, ...] = (),
) -> Idea:
    """Raise an idea (for ``author`` when raised on a colleague's behalf); it lands on its
    unit's board as new."""
    idea = Idea(
        organisation=organisation,
        raised_by=by,
        author=author or by,
        status=first_status(organisation),
        **values,
    )
    if not idea.problem.strip():
        raise ValidationError({"problem": "Say what the problem is."})
    for text in (idea.problem, idea.proposal):
        validate_free_text(text, organisation=organisation)
    idea.board_unit = idea.unit
    if photo is not None:
        idea.photo = reencode(photo)
    idea.full_clean(exclude=["photo"])
    with transaction.atomic():
        idea.save()
        idea.co_authors.set([user for user in co_authors if user.pk != idea.author_id])
        _event(
            idea, by, f"{by} raised an idea: {idea.problem[:120]}", action=AuditEvent.Action.CREATE
        )
    return idea


def idea_support(*, idea: Idea, by: User) -> None:
    """ "Me too": the supporter hears every answer from now on."""
    with transaction.atomic():
        idea.supporters.add(by)
        _event(idea, by, f"{by} supports this idea")


def idea_answer(
    *,
    idea: Idea,
    by: User,
    version: int,
    status: IdeaStatus,
    text: str,
    duplicate_of: Idea | None = None,
) -> IdeaAnswer:
    """Move the idea to ``status`` with a written answer, which its author, co-authors and
    supporters are told of. Refused if someone answered since ``version`` was read."""
    text = text.strip()
    if status.organisation_id != idea.organisation_id:
        raise ValidationError("Choose one of this organisation's statuses.")
    if not text:
        raise ValidationError({"text": "Write the answer the author and supporters will read."})
    validate_free_text(text, organisation=idea.organisation)
    if status.kind == IdeaStatus.Kind.DUPLICATE:
        _check_duplicate(idea, duplicate_of)
    now = timezone.now()
    with transaction.atomic():
        claimed = Idea.objects.filter(pk=idea.pk, version=version).update(version=F("version") + 1)
        if not claimed:
            raise StaleEdit
        idea.version = version + 1
        idea.status, idea.answer = status, text
        idea.first_answered_at = idea.first_answered_at or now
        idea.closed_at = now if status.is_closed else None
        if duplicate_of is not None and status.kind == IdeaStatus.Kind.DUPLICATE:
            idea.duplicate_of = duplicate_of
            # The supporters move to the idea it duplicates, and so does its author.
            duplicate_of.supporters.add(*idea.supporters.all(), idea.author)
        idea.save()
        answer = IdeaAnswer.objects.create(idea=idea, status=status, text=text, by=by, at=now)
        _event(
            idea,
            by,
            f"{by} answered your idea ({status}): {text}",
            changes={"status": [None, status.name]},
            notify_kind=Notification.Kind.IDEA_ANSWERED,
        )
    return answer


def _check_duplicate(idea: Idea, duplicate_of: Idea | None) -> None:
    if duplicate_of is None:
        raise ValidationError({"duplicate_of": "Say which idea this one duplicates."})
    if duplicate_of.organisation_id != idea.organisation_id or duplicate_of.pk == idea.pk:
        raise ValidationError({"duplicate_of": "Choose another idea of this organisation."})


def idea_edit(*, idea: Idea, by: User, problem: str, proposal: str) -> None:
    """Its authors may reword the idea until it is answered; after that the answer stands on
    the words it answered."""
    if not idea.credits(by):
        raise ValidationError("Only the idea's authors can change its words.")
    if idea.first_answered_at is not None:
        raise ValidationError("This idea has been answered, so its words can no longer change.")
    if not problem.strip():
        raise ValidationError({"problem": "Say what the problem is."})
    for text in (problem, proposal):
        validate_free_text(text, organisation=idea.organisation)
    with transaction.atomic():
        idea.problem, idea.proposal = problem.strip(), proposal.strip()
        idea.save(update_fields=["problem", "proposal"])
        _event(idea, by, f"{by} reworded the idea")


def idea_quick_fix(*, idea: Idea, by: User, who: User, due: Any) -> None:
    """ "Just do it": a named person will make the change by a date."""
    if due is None or due < timezone.localdate():
        raise ValidationError({"due": "Choose today or a later date."})
    with transaction.atomic():
        idea.quick_fix_by, idea.quick_fix_due = who, due
        idea.save(update_fields=["quick_fix_by", "quick_fix_due"])
        _event(
            idea,
            by,
            f"{by} made this idea a quick fix: {who} by {due:%-d %B %Y}",
            notify_kind=Notification.Kind.IDEA_ANSWERED,
        )


def idea_to_change_idea(
    *, idea: Idea, by: User, project: Project, driver: DriverNode | None = None
) -> ChangeIdea:
    """Make the idea a change idea in an existing project; each links to the other, and the
    idea's author follows the project so they hear of its cycles and verdicts."""
    if project.organisation_id != idea.organisation_id:
        raise ValidationError("Choose one of this organisation's projects.")
    with transaction.atomic():
        change = projects.idea_create(
            project=project,
            by=by,
            values={
                "title": idea.problem[:200],
                "description": f"{idea.proposal}\n\nRaised as idea {idea.pk}.".strip(),
                "driver": driver,
            },
        )
        idea.change_idea, idea.project = change, project
        idea.save(update_fields=["change_idea", "project"])
        _follow_project(idea, project)
        _event(
            idea,
            by,
            f"{by} made this idea a change idea in “{project.title}”",
            notify_kind=Notification.Kind.IDEA_ANSWERED,
        )
    return change


def idea_to_project(*, idea: Idea, by: User, title: str) -> Project:
    """Start a new project from the idea, on the organisation's method and its template."""
    with transaction.atomic():
        project = projects.project_create(
            organisation=idea.organisation,
            by=by,
            values={
                "title": title.strip() or idea.problem[:200],
                "problem": idea.problem,
                "unit": idea.unit,
                "value_stream": idea.value_stream,
                # Whoever takes the idea on leads it until the team names someone else.
                "lead": by,
            },
        )
        idea.project = project
        idea.save(update_fields=["project"])
        _follow_project(idea, project)
        _event(
            idea,
            by,
            f"{by} started the project “{project.title}” from this idea",
            notify_kind=Notification.Kind.IDEA_ANSWERED,
        )
    return project


def _follow_project(idea: Idea, project: Project) -> None:
    for person in {idea.author, idea.raised_by}:
        activity.follow(user=person, organisation=idea.organisation, target=project, following=True)

"""Huddle boards: a unit's open ideas by status kind, its actions, its measures' SPC sparklines,
and the leaders' digest of what is stalled in their area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Capability
from kaizen.activity import services as activity
from kaizen.activity.models import Notification
from kaizen.audit.models import AuditEvent
from kaizen.ideas.models import CLOSED_KINDS, BoardAction, Idea, IdeaStatus
from kaizen.measures.models import Measure
from kaizen.measures.summary import SummaryRow, summary_rows
from kaizen.privacy.forms import validate_free_text

# The board's columns: every open kind, in the order work flows.
COLUMNS = [kind for kind in IdeaStatus.Kind if kind not in CLOSED_KINDS]


@dataclass
class Board:
    unit: OrgUnit
    columns: list[tuple[str, list[Idea]]]
    actions: list[BoardAction]
    measures: list[SummaryRow]
    stalled: int


def board_for(unit: OrgUnit, *, now: dt.datetime | None = None) -> Board:
    """Everything a huddle looks at, in a handful of queries whatever the number of items."""
    now = now or timezone.now()
    ideas = list(
        Idea.objects.open()
        .filter(board_unit=unit)
        .select_related("status", "author")
        .only(
            "problem",
            "raised_at",
            "first_answered_at",
            "quick_fix_due",
            "board_unit_id",
            "status__name",
            "status__kind",
            "author__full_name",
            "author__email",
            "organisation_id",
        )
        .order_by("raised_at")
    )
    columns: dict[str, list[Idea]] = {kind: [] for kind in COLUMNS}
    stalled = 0
    for idea in ideas:
        idea.stalled = idea.is_stalled(now)  # type: ignore[attr-defined]
        stalled += idea.stalled  # type: ignore[attr-defined]
        columns[idea.status.kind].append(idea)
    actions = list(
        BoardAction.objects.filter(unit=unit, done_at__isnull=True).select_related("owner")
    )
    today = timezone.localdate()
    stalled += sum(action.is_overdue(today) for action in actions)
    measures = summary_rows(Measure.objects.filter(unit=unit).for_summary())
    return Board(
        unit=unit,
        columns=[(IdeaStatus.Kind(kind).label, items) for kind, items in columns.items()],
        actions=actions,
        measures=measures,
        stalled=stalled,
    )


def action_add(*, unit: OrgUnit, by: User, text: str, owner: User, due: dt.date) -> BoardAction:
    if not text.strip():
        raise ValidationError({"text": "Say what the action is."})
    if due < timezone.localdate():
        raise ValidationError({"due": "A new action cannot be due in the past."})
    validate_free_text(text, organisation=unit.organisation)
    if not Membership.objects.filter(organisation=unit.organisation, user=owner).exists():
        raise ValidationError({"owner": "Choose a member of the organisation."})
    with transaction.atomic():
        action = BoardAction.objects.create(
            organisation=unit.organisation,
            unit=unit,
            text=text.strip(),
            owner=owner,
            due=due,
            created_by=by,
        )
        activity.record_event(
            actor=by,
            organisation=unit.organisation,
            target=action,
            text=f"{by} agreed an action at the {unit} huddle: {action.text}",
            action=AuditEvent.Action.CREATE,
        )
        activity.notify(
            organisation=unit.organisation,
            target=action,
            kind=Notification.Kind.MENTION,
            text=f"{by} gave you an action at the {unit} huddle: {action.text}",
            url="",
            skip=(by,),
            recipients=[owner],
        )
    return action


def action_done(*, action: BoardAction, by: User) -> None:
    with transaction.atomic():
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        activity.record_event(
            actor=by,
            organisation=action.organisation,
            target=action,
            text=f"{by} completed the action: {action.text}",
        )


def stalled_digest(*, organisation: Organisation, now: dt.datetime | None = None) -> int:
    """Tell the organisation's deciders how many ideas are stalled, once a day at most."""
    now = now or timezone.now()
    stalled = [idea for idea in _open_ideas(organisation) if idea.is_stalled(now)]
    if not stalled:
        return 0
    key = f"ideas-stalled-{now.date().isoformat()}"
    if activity.already_notified(organisation=organisation, dedupe_key=key):
        return 0
    deciders = [
        membership.user
        for membership in Membership.objects.filter(organisation=organisation).select_related(
            "user"
        )
        if membership.can(Capability.DECIDE_IDEAS)
    ]
    notes = activity.notify(
        organisation=organisation,
        target=organisation,
        kind=Notification.Kind.COMMENT,
        text=f"{len(stalled)} ideas are stalled: unanswered for a week or past their date.",
        url="",
        dedupe_key=key,
        recipients=deciders,
    )
    return len(notes)


def _open_ideas(organisation: Organisation) -> Any:
    return Idea.objects.for_organisation(organisation).open().select_related("status")


def stalled_digests() -> int:
    """The scheduled job: every organisation's digest."""
    return sum(
        stalled_digest(organisation=organisation)
        for organisation in Organisation.objects.filter(ideas__isnull=False).distinct()
    )

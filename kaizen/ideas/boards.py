"""Huddle boards: a unit's open ideas by status kind, its actions, its measures' SPC sparklines,
and the leaders' digest of what is stalled in their area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Capability
from kaizen.activity import services as activity
from kaizen.activity.models import Notification
from kaizen.audit.models import AuditEvent
from kaizen.ideas.models import (
    CLOSED_KINDS,
    BoardAction,
    Escalation,
    Idea,
    IdeaStatus,
    stalled_condition,
)
from kaizen.measures.models import Measure
from kaizen.measures.summary import SummaryRow, summary_rows
from kaizen.privacy.forms import validate_free_text

# The board's columns: every open kind, in the order work flows.
COLUMNS = [kind for kind in IdeaStatus.Kind if kind not in CLOSED_KINDS]


# Cards shown in each column of a board: a huddle reads the oldest first, and a wall screen
# or a phone cannot take 500. "Show all" opens one column in full (``?column=``).
CARDS_PER_COLUMN = 20


@dataclass
class Column:
    kind: str
    label: str
    ideas: list[Idea]
    # Every open idea of the kind on the board, shown or not.
    total: int
    expanded: bool

    @property
    def hidden(self) -> int:
        return self.total - len(self.ideas)


@dataclass
class Board:
    unit: OrgUnit
    columns: list[Column]
    actions: list[BoardAction]
    measures: list[SummaryRow]
    stalled: int


def board_for(unit: OrgUnit, *, now: dt.datetime | None = None, expand: str | None = None) -> Board:
    """Everything a huddle looks at, in a handful of queries whatever the number of items:
    each column's count and the stalled ideas counted in the database, the first
    CARDS_PER_COLUMN of each column read (all of the ``expand`` column)."""
    now = now or timezone.now()
    # The organisation too, so the (organisation, board unit, raised at) index serves.
    on_board = Idea.objects.open().filter(organisation_id=unit.organisation_id, board_unit=unit)
    tally = on_board.aggregate(
        stalled=Count("pk", filter=stalled_condition(now)),
        **{kind: Count("pk", filter=Q(status__kind=kind)) for kind in COLUMNS},
    )
    columns = [
        _column(on_board, kind, total=tally[kind], expanded=kind == expand, now=now)
        for kind in COLUMNS
    ]
    actions = list(
        BoardAction.objects.filter(unit=unit, done_at__isnull=True).select_related("owner")
    )
    today = timezone.localdate()
    stalled = tally["stalled"] + sum(action.is_overdue(today) for action in actions)
    shown = [idea for column in columns for idea in column.ideas]
    arrivals = _arrivals(unit, [idea.pk for idea in shown])
    for item in (*shown, *actions):
        item.arrived = arrivals.get((type(item), item.pk))  # type: ignore[attr-defined]
    measures = summary_rows(Measure.objects.filter(unit=unit).for_summary())
    return Board(unit=unit, columns=columns, actions=actions, measures=measures, stalled=stalled)


def _column(
    on_board: QuerySet[Idea], kind: str, *, total: int, expanded: bool, now: dt.datetime
) -> Column:
    """One column's cards, the oldest first (those most likely waiting for an answer)."""
    ideas = (
        on_board.filter(status__kind=kind)
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
        .order_by("raised_at", "pk")
    )
    cards = list(ideas if expanded else ideas[:CARDS_PER_COLUMN])
    for idea in cards:
        idea.stalled = idea.is_stalled(now)  # type: ignore[attr-defined]
    label = IdeaStatus.Kind(kind).label
    return Column(kind=kind, label=label, ideas=cards, total=total, expanded=expanded)


def _arrivals(unit: OrgUnit, ideas: list[int]) -> dict[tuple[type, int], Escalation]:
    """How each item shown on ``unit``'s board (``ideas`` and its open actions) came to it, if
    it was moved there: its latest move (escalated from below or handed back from above)."""
    moves = (
        Escalation.objects.filter(to_unit=unit)
        .filter(Q(idea__in=ideas) | Q(action__unit=unit, action__done_at__isnull=True))
        .select_related("from_unit")
        .order_by("at", "pk")
    )
    arrivals: dict[tuple[type, int], Escalation] = {}
    for move in moves:
        key = (Idea, move.idea_id) if move.idea_id else (BoardAction, move.action_id)
        arrivals[key] = move  # type: ignore[index]
    return arrivals


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
            kind=Notification.Kind.ACTION,
            text=f"{by} gave you an action at the {unit} huddle: {action.text}",
            url=action.get_absolute_url(),
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


def stalled_in(
    organisation: Organisation, area: OrgUnit | None, *, now: dt.datetime
) -> tuple[QuerySet[Idea], QuerySet[BoardAction]]:
    """The stalled ideas and overdue actions on the boards of ``area`` and the units below it
    (the whole organisation without one)."""
    ideas = Idea.objects.for_organisation(organisation).stalled(now)
    actions = BoardAction.objects.filter(organisation=organisation).overdue(timezone.localdate(now))
    if area is not None:
        below = area.subtree_ids()
        ideas, actions = ideas.filter(board_unit__in=below), actions.filter(unit__in=below)
    return ideas, actions


def stalled_digest(*, organisation: Organisation, now: dt.datetime | None = None) -> int:
    """Tell each decider, once a day at most, what is stalled in their area: the boards of
    their unit and the units below it (a decider with no unit: the whole organisation)."""
    now = now or timezone.now()
    sent = 0
    deciders = Membership.objects.filter(organisation=organisation).select_related("user", "unit")
    for membership in deciders:
        if not membership.can(Capability.DECIDE_IDEAS):
            continue
        key = f"ideas-stalled-{now.date().isoformat()}-{membership.user_id}"
        if activity.already_notified(organisation=organisation, dedupe_key=key):
            continue
        ideas, actions = (
            items.count() for items in stalled_in(organisation, membership.unit, now=now)
        )
        if not ideas and not actions:
            continue
        area = membership.unit or organisation
        query = f"?unit={membership.unit_id}" if membership.unit_id else ""
        sent += len(
            activity.notify(
                organisation=organisation,
                target=membership.unit or organisation,
                kind=Notification.Kind.STALLED,
                text=f"Stalled in {area}: {ideas} ideas unanswered for a week or past "
                f"their date, {actions} actions overdue.",
                url=reverse("ideas:stalled", args=[organisation.slug]) + query,
                dedupe_key=key,
                recipients=[membership.user],
            )
        )
    return sent


def stalled_digests() -> int:
    """The scheduled job: every organisation's digests."""
    return sum(
        stalled_digest(organisation=organisation)
        for organisation in Organisation.objects.filter(ideas__isnull=False).distinct()
    )

"""Top-concern rounds and the leader visibility log: keyword-only services that validate,
write in one transaction and record the event.

Anonymous answers never reach the audit trail, the activity feed or a notification with their
author: ``answer_add`` records only that *an* answer came in, with no actor.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.engagement.models import MIN_BREAKDOWN, Action, Answer, Round, Theme, Visit
from kaizen.ideas.services import idea_raise
from kaizen.privacy.forms import validate_free_text


def round_url(round_: Round) -> str:
    return reverse("engagement:round", args=[round_.organisation.slug, round_.pk])


def round_open(
    *,
    actor: User,
    organisation: Organisation,
    question: str,
    closes_on: dt.date,
    unit: OrgUnit | None = None,
) -> Round:
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The closing date must be today or later."})
    if not question.strip():
        raise ValidationError({"question": "Enter the question staff are asked."})
    validate_free_text(question, organisation=organisation)
    with transaction.atomic():
        round_ = Round.objects.create(
            organisation=organisation,
            question=question.strip(),
            closes_on=closes_on,
            unit=unit,
            opened_by=actor,
        )
        record_event(
            actor=actor,
            organisation=organisation,
            target=round_,
            action=AuditEvent.Action.CREATE,
            text=f"{actor.display_name} asked for top concerns: {round_.question}",
            url=round_url(round_),
        )
    return round_


def answer_add(
    *, member: User, unit: OrgUnit | None, round_: Round, body: str, anonymous: bool
) -> Answer:
    """A member's concern. An anonymous one is stored without its author, and its event names
    nobody, so nothing downstream can say who wrote it."""
    if not round_.is_open():
        raise ValidationError("This round has closed; its answers are being themed.")
    if round_.unit is not None and (unit is None or unit.pk not in round_.unit.subtree_ids()):
        raise ValidationError(f"This round asks {round_.unit} and the units within it.")
    if not body.strip():
        raise ValidationError({"body": "Enter your concern."})
    validate_free_text(body, organisation=round_.organisation)
    with transaction.atomic():
        answer = Answer.objects.create(
            round=round_, body=body.strip(), author=None if anonymous else member, unit=unit
        )
        record_event(
            actor=None if anonymous else member,
            organisation=round_.organisation,
            target=round_,
            action=AuditEvent.Action.UPDATE,
            # The count, not the words: the feed is not the place to read concerns out of context.
            text="A concern was added to the round"
            if anonymous
            else (f"{member.display_name} added a concern to the round"),
            url=round_url(round_),
        )
    return answer


def theme_add(*, actor: User, round_: Round, title: str, answers: list[Answer]) -> Theme:
    if not title.strip():
        raise ValidationError({"title": "Name the theme."})
    validate_free_text(title, organisation=round_.organisation)
    with transaction.atomic():
        theme = Theme.objects.create(round=round_, title=title.strip())
        Answer.objects.filter(round=round_, pk__in=[a.pk for a in answers]).update(theme=theme)
        record_event(
            actor=actor,
            organisation=round_.organisation,
            target=theme,
            feed=round_,
            action=AuditEvent.Action.CREATE,
            text=f"Theme: {theme.title}",
            url=round_url(round_),
        )
    return theme


def theme_answer(*, actor: User, theme: Theme, response: str) -> Theme:
    """The leaders' public answer to a theme ("we did"); followers of the theme hear of it."""
    if not response.strip():
        raise ValidationError({"response": "Write the answer staff will read."})
    validate_free_text(response, organisation=theme.round.organisation)
    round_ = theme.round
    now = timezone.now()
    with transaction.atomic():
        theme.response, theme.responded_at = response.strip(), now
        theme.save(update_fields=["response", "responded_at"])
        if not round_.themes.filter(responded_at__isnull=True).exists():
            round_.answered_at = now
            round_.save(update_fields=["answered_at"])
        record_event(
            actor=actor,
            organisation=round_.organisation,
            target=theme,
            text=f"You said, we did: {theme.title}",
            url=round_url(round_),
            notify_kind="engagement",
        )
    return theme


def action_add(
    *, actor: User, theme: Theme, text: str, owner: User | None, due_on: dt.date | None
) -> Action:
    errors = {}
    if owner is None:
        errors["owner"] = "Choose who owns the action."
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due."
    if not text.strip():
        errors["text"] = "Describe the action."
    if errors:
        raise ValidationError(errors)
    assert owner is not None and due_on is not None
    validate_free_text(text, organisation=theme.round.organisation)
    with transaction.atomic():
        action = Action.objects.create(theme=theme, text=text.strip(), owner=owner, due_on=due_on)
        record_event(
            actor=actor,
            organisation=theme.round.organisation,
            target=action,
            feed=theme,
            action=AuditEvent.Action.CREATE,
            text=f"Action on “{theme.title}”: {action.text} (owner {owner.display_name})",
            url=round_url(theme.round),
            notify_kind="engagement",
        )
    return action


def action_status(*, actor: User, action: Action, status: str) -> Action:
    if status not in Action.Status.values:
        raise ValidationError("Choose a status from the list.")
    with transaction.atomic():
        action.status = status
        action.save(update_fields=["status"])
        record_event(
            actor=actor,
            organisation=action.theme.round.organisation,
            target=action,
            feed=action.theme,
            text=f"“{action.text}” is now {action.get_status_display().lower()}",
            url=round_url(action.theme.round),
            notify_kind="engagement",
        )
    return action


def breakdown(round_: Round) -> list[tuple[str, int]]:
    """Answers by unit, only for units with at least MIN_BREAKDOWN of them; the rest are one
    "Other units" line, itself hidden when it is too small to hide anyone."""
    counts = Counter(
        str(unit or "No unit")
        for unit in (answer.unit for answer in round_.answers.select_related("unit"))
    )
    shown = sorted((name, n) for name, n in counts.items() if n >= MIN_BREAKDOWN)
    rest = sum(n for n in counts.values() if n < MIN_BREAKDOWN)
    if rest >= MIN_BREAKDOWN:
        shown.append(("Other units", rest))
    return shown if sum(n for _, n in shown) >= MIN_BREAKDOWN else []


def visit_log(
    *,
    leader: User,
    organisation: Organisation,
    kind: str,
    unit: OrgUnit,
    visited_on: dt.date,
    with_whom: str = "",
    learned: str = "",
    raised: str = "",
    raise_idea: bool = False,
) -> Visit:
    """Log a visit; with ``raise_idea``, what was raised becomes an idea on the unit's huddle
    board (the problem is what the leader learned), answered like any other idea."""
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "A visit cannot be in the future: log it afterwards."})
    if unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Choose one of your organisation's units."})
    if raise_idea:
        _check_idea(learned, raised)
    for text in (with_whom, learned, raised):
        validate_free_text(text, organisation=organisation)
    with transaction.atomic():
        idea = (
            idea_raise(
                organisation=organisation,
                by=leader,
                values={"problem": learned.strip(), "proposal": raised.strip(), "unit": unit},
            )
            if raise_idea
            else None
        )
        visit = Visit.objects.create(
            organisation=organisation,
            leader=leader,
            kind=kind,
            unit=unit,
            visited_on=visited_on,
            with_whom=with_whom,
            learned=learned,
            raised=raised,
            idea=idea,
        )
        record_event(
            actor=leader,
            organisation=organisation,
            target=visit,
            action=AuditEvent.Action.CREATE,
            text=f"{leader.display_name}: {visit.get_kind_display().lower()} on {unit}",
            url=reverse("engagement:leader", args=[organisation.slug, leader.pk]),
        )
    return visit


def _check_idea(learned: str, raised: str) -> None:
    errors = {}
    if not learned.strip():
        errors["learned"] = "Say what you learned: the idea shows it as the problem to solve."
    if not raised.strip():
        errors["raised"] = "Write the idea to raise on the unit's huddle board."
    if errors:
        raise ValidationError(errors)

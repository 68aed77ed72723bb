"""Moving an idea or a huddle action between boards: up to the unit above when the unit
cannot solve it alone (escalated), or back down to a unit below (handed back), always with the
reason. Each move is kept, so both boards show where an item came from and why."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from kaizen.accounts.models import OrgUnit, User
from kaizen.activity import services as activity
from kaizen.activity.models import Notification
from kaizen.ideas.models import BoardAction, Escalation, Idea
from kaizen.privacy.forms import validate_free_text


def neighbours(unit: OrgUnit | None) -> list[int]:
    """The units an item on ``unit``'s board may move to: the one above and those below."""
    if unit is None:
        return []
    near = list(unit.children.values_list("pk", flat=True))
    return [unit.parent_id, *near] if unit.parent_id else near


def direction_of(from_unit: OrgUnit, to_unit: OrgUnit, reason: str) -> str:
    """Check the move and say which way it goes (raises ValidationError if it may not)."""
    if to_unit.organisation_id != from_unit.organisation_id:
        raise ValidationError("Choose one of this organisation's units.")
    if to_unit.pk not in neighbours(from_unit):
        raise ValidationError("Escalate to the unit above, or hand back to a unit below.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it moves."})
    validate_free_text(reason, organisation=from_unit.organisation)
    up = to_unit.pk == from_unit.parent_id
    return Escalation.Direction.UP if up else Escalation.Direction.DOWN


def _said(direction: str, from_unit: OrgUnit, to_unit: OrgUnit) -> str:
    if direction == Escalation.Direction.UP:
        return f"escalated from {from_unit} to {to_unit}"
    return f"handed back from {from_unit} to {to_unit}"


def idea_escalate(*, idea: Idea, by: User, to_unit: OrgUnit, reason: str) -> Escalation:
    """Move the idea to a unit above or below its board's; its authors and supporters hear."""
    from_unit = idea.board_unit
    if from_unit is None:
        raise ValidationError("This idea is on no unit's board.")
    direction = direction_of(from_unit, to_unit, reason)
    with transaction.atomic():
        move = Escalation.objects.create(
            idea=idea,
            from_unit=from_unit,
            to_unit=to_unit,
            direction=direction,
            reason=reason.strip(),
            by=by,
        )
        idea.board_unit = to_unit
        idea.save(update_fields=["board_unit"])
        activity.record_event(
            actor=by,
            organisation=idea.organisation,
            target=idea,
            text=f"{by} {_said(direction, from_unit, to_unit)} this idea: {move.reason}",
            url=idea.get_absolute_url(),
            notify_kind=Notification.Kind.ESCALATED,
        )
    return move


def action_escalate(*, action: BoardAction, by: User, to_unit: OrgUnit, reason: str) -> Escalation:
    """Move a huddle action to a unit above or below its board's; its owner hears."""
    from_unit = action.unit
    direction = direction_of(from_unit, to_unit, reason)
    with transaction.atomic():
        move = Escalation.objects.create(
            action=action,
            from_unit=from_unit,
            to_unit=to_unit,
            direction=direction,
            reason=reason.strip(),
            by=by,
        )
        action.unit = to_unit
        action.save(update_fields=["unit"])
        text = f"{by} {_said(direction, from_unit, to_unit)} the action “{action.text}”"
        activity.record_event(
            actor=by, organisation=action.organisation, target=action, text=f"{text}: {reason}"
        )
        activity.notify(
            organisation=action.organisation,
            target=action,
            kind=Notification.Kind.ESCALATED,
            text=f"{text}: {move.reason}",
            url=action.get_absolute_url(),
            skip=(by,),
            recipients=[action.owner],
        )
    return move

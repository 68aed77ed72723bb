"""Following units and value streams: a member chooses the parts of the organisation whose news
they want first, and the newsletter (on the web and in their email) opens with it.

The choices are the activity app's follows (Follow rows about an OrgUnit or a ValueStream), so a
unit's followers are its followers everywhere. Following a unit takes in the units below it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.activity.models import Follow
from kaizen.activity.services import follow

FOLLOWED_SECTION = "From what you follow"


@dataclass(frozen=True)
class Followed:
    """What one member follows: unit ids (with every unit below them) and value stream ids."""

    unit_ids: frozenset[int] = frozenset()
    value_stream_ids: frozenset[int] = frozenset()

    def covers(self, item: dict[str, Any]) -> bool:
        return (
            item.get("unit_id") in self.unit_ids
            or item.get("value_stream_id") in self.value_stream_ids
        )


NOTHING = Followed()


def _types() -> tuple[ContentType, ContentType]:
    return ContentType.objects.get_for_model(OrgUnit), ContentType.objects.get_for_model(
        ValueStream
    )


def _subtrees(organisation: Organisation) -> dict[int, frozenset[int]]:
    """Each unit's id and the ids below it, from one query of the organisation's units."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in OrgUnit.objects.filter(organisation=organisation).values_list(
        "id", "parent_id"
    ):
        children[parent_id].append(unit_id)

    def below(unit_id: int) -> frozenset[int]:
        found, stack = {unit_id}, list(children.get(unit_id, []))
        while stack:
            child = stack.pop()
            found.add(child)
            stack.extend(children.get(child, []))
        return frozenset(found)

    return {unit_id: below(unit_id) for ids in children.values() for unit_id in ids}


def followed_by_member(organisation: Organisation) -> dict[int, Followed]:
    """What every member who follows anything follows, by user id (two queries)."""
    unit_type, stream_type = _types()
    units: dict[int, set[int]] = defaultdict(set)
    streams: dict[int, set[int]] = defaultdict(set)
    rows = list(
        Follow.objects.filter(
            organisation=organisation,
            following=True,
            content_type__in=[unit_type, stream_type],
        ).values_list("user_id", "content_type_id", "object_id")
    )
    subtrees = _subtrees(organisation) if rows else {}
    for user_id, type_id, object_id in rows:
        if type_id == unit_type.pk:
            units[user_id] |= subtrees.get(object_id, frozenset())
        else:
            streams[user_id].add(object_id)
    return {
        user_id: Followed(frozenset(units[user_id]), frozenset(streams[user_id]))
        for user_id in {*units, *streams}
    }


def followed(user: User, organisation: Organisation) -> Followed:
    return followed_by_member(organisation).get(user.pk, NOTHING)


def chosen(user: User, organisation: Organisation) -> tuple[list[int], list[int]]:
    """The units and value streams ``user`` chose to follow (not those below them)."""
    unit_type, stream_type = _types()
    rows = list(
        Follow.objects.filter(organisation=organisation, user=user, following=True).values_list(
            "content_type_id", "object_id"
        )
    )
    return (
        [object_id for type_id, object_id in rows if type_id == unit_type.pk],
        [object_id for type_id, object_id in rows if type_id == stream_type.pk],
    )


def follows_set(
    *,
    user: User,
    organisation: Organisation,
    units: Iterable[OrgUnit],
    value_streams: Iterable[ValueStream],
) -> None:
    """Follow exactly ``units`` and ``value_streams`` (each of ``organisation``); stop following
    the others the member followed before."""
    wanted: list[OrgUnit | ValueStream] = [*units, *value_streams]
    if any(record.organisation_id != organisation.pk for record in wanted):
        raise ValidationError("Choose among the organisation's own units and value streams.")
    unit_ids, stream_ids = chosen(user, organisation)
    before: list[OrgUnit | ValueStream] = [
        *OrgUnit.objects.filter(pk__in=unit_ids),
        *ValueStream.objects.filter(pk__in=stream_ids),
    ]
    with transaction.atomic():
        for record in before:
            if record not in wanted:
                follow(user=user, organisation=organisation, target=record, following=False)
        for record in wanted:
            follow(user=user, organisation=organisation, target=record, following=True)


def first_for(
    sections: list[tuple[str, list[dict[str, Any]]]], choice: Followed
) -> list[tuple[str, list[dict[str, Any]]]]:
    """The newsletter's sections with the news of what ``choice`` follows taken out of them
    and put first, under its own heading; unchanged when none of it is followed."""
    if choice == NOTHING:
        return sections
    mine = [item for _, items in sections for item in items if choice.covers(item)]
    if not mine:
        return sections
    rest = [(name, [i for i in items if not choice.covers(i)]) for name, items in sections]
    return [(FOLLOWED_SECTION, mine), *[(name, items) for name, items in rest if items]]

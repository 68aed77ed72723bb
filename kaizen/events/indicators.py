"""The programme-health indicators that events feed (EventsConfig.indicators), each with its
operational definition. An event counts for its unit (and the organisation) in the month of its
first day; a follow-up in the month it was due or given. The hours released for improvement
add training's attended hours to the events'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.utils import timezone

from kaizen.accounts.models import Organisation
from kaizen.events.models import Event, FollowUp, Participant
from kaizen.measures.computed import Indicator, Point, counted
from kaizen.training.indicators import PRESENT, places


class Fact(NamedTuple):
    """One record as an indicator counts it: its unit, its day, how much it weighs (hours, or
    one) and whether it meets the indicator's test (for a share)."""

    unit_id: int | None
    day: dt.date | None
    weight: float = 1.0
    hit: bool = True


def _day(fact: Fact) -> dt.date | None:
    return fact.day


def _total(facts: list[Fact]) -> Point | None:
    return Point(sum(fact.weight for fact in facts))


def _share(facts: list[Fact]) -> Point | None:
    if not facts:
        return None
    hits = sum(1 for fact in facts if fact.hit)
    return Point(hits / len(facts), float(hits), float(len(facts)))


def _events(organisation: Organisation) -> Iterable[Fact]:
    rows = Event.objects.filter(organisation=organisation).values_list("unit_id", "starts_on")
    return (Fact(unit, day) for unit, day in rows)


def released_hours(organisation: Organisation) -> Iterable[Fact]:
    """Each participant's release, counted for the event's unit on its first day."""
    rows = Participant.objects.filter(event__organisation=organisation).values_list(
        "event__unit_id", "event__starts_on", "release_hours"
    )
    return (Fact(unit, day, float(hours)) for unit, day, hours in rows)


def _improvement_hours(organisation: Organisation) -> Iterable[Fact]:
    """Events' released hours and training's attended hours, each read as its own indicator
    reads it (training counts a place for its attendee's unit, in the month the session starts)."""
    yield from released_hours(organisation)
    for place in places(organisation):
        if place.attendance == PRESENT:
            yield Fact(place.unit_id, place.held_in, place.hours)


def _follow_ups_due(organisation: Organisation) -> Iterable[Fact]:
    # Only follow-ups whose day has passed: one due later this month may still be on time.
    rows = FollowUp.objects.filter(
        event__organisation=organisation, due_on__lt=timezone.localdate()
    ).values_list("event__unit_id", "due_on", "report__on")
    return (Fact(unit, due, hit=given is not None and given <= due) for unit, due, given in rows)


def _follow_ups_given(organisation: Organisation) -> Iterable[Fact]:
    rows = FollowUp.objects.filter(
        event__organisation=organisation, report__isnull=False
    ).values_list("event__unit_id", "report__on", "report__findings")
    return (Fact(unit, given, hit=_all_held(findings)) for unit, given, findings in rows)


def _all_held(findings: list[dict[str, str]]) -> bool:
    return bool(findings) and all(finding.get("verdict") == "held" for finding in findings)


EVENT_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="events-held",
        name="Improvement events started",
        definition="The number of Rapid Process Improvement Weeks and kaizen events whose first "
        "day falls in the month, in the unit (or the organisation). A month with none is zero.",
        unit_label="events",
        chart="xmr",
        improvement="increase",
        compute=counted(_events, _day, _total, zero_months=True),
    ),
    Indicator(
        key="event-hours-released",
        name="Hours released for improvement events",
        definition="The hours each participant was released from the day job for an event, "
        "summed over the events whose first day falls in the month. A month with none is zero.",
        unit_label="hours",
        chart="xmr",
        improvement="increase",
        compute=counted(released_hours, _day, _total, zero_months=True),
    ),
    Indicator(
        key="improvement-hours",
        name="Hours released for improvement",
        definition="The hours released from the day job for improvement in the month: for "
        "events, each participant's release, in the month of the event's first day and for "
        "the event's unit; for training, each session attended (marked present) for its "
        "length, in the month it starts and for the attendee's unit. A month with none is zero.",
        unit_label="hours",
        chart="xmr",
        improvement="increase",
        compute=counted(_improvement_hours, _day, _total, zero_months=True),
        evidences=("capability",),
    ),
    Indicator(
        key="follow-ups-on-time",
        name="Event follow-ups given on time",
        definition="Of the 30-, 60- and 90-day follow-ups due in the month (up to yesterday), "
        "the share given on or before their due date. None due: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=counted(_follow_ups_due, _day, _share, zero_months=False),
    ),
    Indicator(
        key="event-gains-held",
        name="Event follow-ups finding the gain held",
        definition="Of the follow-ups given in the month, the share where every measure on the "
        "event's target sheet still held its gain (kaizen_spc: special cause in the predicted "
        "direction, the latest point still on that side of the old centre line). None given: "
        "no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=counted(_follow_ups_given, _day, _share, zero_months=False),
    ),
)

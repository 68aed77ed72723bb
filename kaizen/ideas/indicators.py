"""The programme-health indicators that everyday improvement feeds, each with its operational
definition (declared on IdeasConfig; the programme app stores and refreshes them as computed
measures). Every one reads the organisation's ideas once per refresh through the engagement
counts (kaizen.ideas.engagement.monthly_facts), by the unit each idea was raised in and by the
month it was raised, for each unit and for the whole organisation.

Staff are the organisation's (or the unit's) members as they stand now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence

from django.db.models import Count

from kaizen.accounts.models import Membership, Organisation
from kaizen.ideas.engagement import MonthFacts, monthly_facts
from kaizen.ideas.models import Idea, month_key
from kaizen.measures.computed import Figures, Indicator, Point

# A month's facts and the unit's staff -> its point, or None for no point.
Reading = Callable[[MonthFacts, int], Point | None]


def _computed(
    reading: Reading,
) -> Callable[[Organisation, Sequence[dt.date], Collection[int]], Figures]:
    def compute(
        organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
    ) -> Figures:
        keys = {month: month_key(month) for month in months}
        ideas = Idea.objects.filter(organisation=organisation)
        facts = monthly_facts(organisation, ideas, min(keys.values()), by_unit=True)
        members = Membership.objects.filter(organisation=organisation)
        staff: dict[int | None, int] = dict(
            members.filter(unit__in=units)
            .order_by()
            .values_list("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
        staff[None] = members.count()
        figures: dict[int | None, dict[dt.date, Point]] = {}
        for unit in (None, *units):
            by_month = facts.get(unit, {})
            points = {}
            for month, key in keys.items():
                point = reading(by_month.get(key, MonthFacts()), staff.get(unit, 0))
                if point is not None:
                    points[month] = point
            figures[unit] = points
        return figures

    return compute


def _raised_per_100_staff(facts: MonthFacts, staff: int) -> Point | None:
    return Point(100 * facts.raised / staff) if staff else None


def _staff_taking_part(facts: MonthFacts, staff: int) -> Point | None:
    # More people than members (someone has since left) still reads as everyone.
    people = min(len(facts.people), staff)
    return Point(people / staff, float(people), float(staff)) if staff else None


def _median_days_to_answer(facts: MonthFacts, staff: int) -> Point | None:
    median = facts.median_wait()
    return Point(median) if median is not None else None


def _implemented(facts: MonthFacts, staff: int) -> Point | None:
    if not facts.raised:
        return None
    return Point(facts.implemented / facts.raised, float(facts.implemented), float(facts.raised))


IDEA_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="ideas-raised",
        name="Ideas raised per 100 staff",
        definition="The number of ideas raised in the month in the unit (or the organisation), "
        "per 100 of its members today. A month with none is zero; a unit with no members has no "
        "point.",
        unit_label="ideas per 100 staff",
        chart="xmr",
        improvement="increase",
        compute=_computed(_raised_per_100_staff),
    ),
    Indicator(
        key="ideas-staff-taking-part",
        name="Staff who raised or supported an idea",
        definition="Of the unit's (or the organisation's) members today, the share who raised "
        "or supported (“me too”) an idea raised in the month.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=_computed(_staff_taking_part),
    ),
    Indicator(
        key="ideas-days-to-answer",
        name="Median days to an idea's first answer",
        definition="For the ideas raised in the month that have had a first answer, the median "
        "number of whole days from raising to that answer. None answered: no point.",
        unit_label="days",
        chart="xmr",
        improvement="decrease",
        compute=_computed(_median_days_to_answer),
    ),
    Indicator(
        key="ideas-implemented",
        name="Ideas implemented",
        definition="Of the ideas raised in the month, the share whose status is now of the "
        "kind “implemented”. No ideas raised: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=_computed(_implemented),
    ),
)

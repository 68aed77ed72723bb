"""The programme-health indicators that engagement feeds (EngagementConfig.indicators; the
programme app stores and refreshes them as computed measures): leaders' visits, top concerns
answered on time, and thank-yous. Each counts by month, for the organisation (None) and for each
unit the programme asks about.

A visit belongs to the unit visited; a theme to its round's unit (a round for the whole
organisation counts only there); a thank-you to the team thanked, or the colleague's unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation
from kaizen.engagement.models import Thanks, Theme, Visit
from kaizen.measures.computed import Figures, Indicator, Point

# A theme is answered on time when leaders answer it within this many days of its round closing.
ANSWER_WITHIN_DAYS = 30


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _counts(
    rows: Iterable[tuple[int | None, dt.date]], months: Sequence[dt.date], units: Collection[int]
) -> Figures:
    """How many rows fall in each month, by unit and for all (None); an empty month is zero."""
    tally: dict[int | None, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, day in rows:
        tally[None][_month(day)] += 1
        if unit_id in units:
            tally[unit_id][_month(day)] += 1
    return {
        unit: {month: Point(float(tally[unit][month])) for month in months}
        for unit in (None, *units)
    }


def _visits(
    organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
) -> Figures:
    rows = Visit.objects.filter(organisation=organisation, visited_on__gte=months[0]).values_list(
        "unit_id", "visited_on"
    )
    return _counts(rows, months, units)


def _thanks(
    organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
) -> Figures:
    unit_of = dict(
        Membership.objects.filter(organisation=organisation).values_list("user_id", "unit_id")
    )
    since = timezone.make_aware(dt.datetime.combine(months[0], dt.time.min))
    rows = Thanks.objects.filter(organisation=organisation, created_at__gte=since).values_list(
        "team_id", "colleague_id", "created_at"
    )
    return _counts(
        ((team or unit_of.get(colleague), timezone.localdate(at)) for team, colleague, at in rows),
        months,
        units,
    )


def _answered_on_time(
    organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
) -> Figures:
    """Of the themes whose round closed in the month and whose answer is due (or given), the
    share answered within ANSWER_WITHIN_DAYS of closing. None due: no point."""
    today = timezone.localdate()
    within = dt.timedelta(days=ANSWER_WITHIN_DAYS)
    tally: dict[int | None, dict[dt.date, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    rows = Theme.objects.filter(
        round__organisation=organisation, round__closes_on__gte=months[0]
    ).values_list("round__unit_id", "round__closes_on", "responded_at")
    shown = set(months)
    for unit_id, closes_on, responded_at in rows:
        answered_on = timezone.localdate(responded_at) if responded_at else None
        if _month(closes_on) not in shown or (answered_on is None and closes_on + within >= today):
            continue  # outside the months asked for, or not due yet
        on_time = answered_on is not None and answered_on <= closes_on + within
        for key in {None, unit_id} & {None, *units}:
            counts = tally[key][_month(closes_on)]
            counts[0] += on_time
            counts[1] += 1
    return {
        unit: {
            month: Point(hits / total, float(hits), float(total))
            for month, (hits, total) in tally[unit].items()
        }
        for unit in (None, *units)
    }


ENGAGEMENT_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="leader-visits",
        name="Leader visits where the work happens",
        definition="The number of visits leaders and board members logged in the month (gemba "
        "walks, huddles, report-outs, training given, listening events, safety walk-rounds), by "
        "the day of the visit and the unit visited. A month with none is zero.",
        unit_label="visits",
        chart="xmr",
        improvement="increase",
        compute=_visits,
    ),
    Indicator(
        key="concerns-answered-on-time",
        name="Top concerns answered on time",
        definition="Of the themes of the top-concern rounds that closed in the month, the share "
        f"leaders answered in public within {ANSWER_WITHIN_DAYS} days of the round closing. A "
        "theme not yet answered counts once its answer is due. None due: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=_answered_on_time,
    ),
    Indicator(
        key="thanks-sent",
        name="Thank-yous for improvement work",
        definition="The number of thank-yous sent in the month, counted for the team thanked or "
        "the unit of the colleague thanked. A month with none is zero.",
        unit_label="thank-yous",
        chart="xmr",
        improvement="increase",
        compute=_thanks,
    ),
)

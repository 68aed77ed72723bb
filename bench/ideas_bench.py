"""How fast are the huddle board and the ideas overview? (targets: a board with 500 open items
and 20 measures in 150 ms; the overview over 50,000 ideas in 300 ms)

In a throwaway database (see platform_bench.py): one ward's board with 500 open ideas, 20 open
actions and 20 measures of 60 months (snapshots refreshed), a tenth of its items escalated from
a bay below (and the board with its "new" column shown in full); then 50,000 ideas over two
years, a fifth of them supported, for the engagement overview, for the organisation and for the
ward alone (``?unit=``), as loaded and again after ANALYZE; and the stalled page (thousands of
stalled ideas, one page shown). Best and median of 5 GETs.

    .venv/bin/python bench/ideas_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, organisation_and_member, timed_get

BOARD_ITEMS = 500
MEASURES = 20
IDEAS = 50_000
RUNS = 5


def main() -> None:
    command_line(__doc__, measure_ideas, print_figures)


def print_figures(figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"{name:<22} {value}")


def measure_ideas() -> dict[str, Any]:
    from django.test import Client

    from kaizen.accounts.models import OrgUnit

    organisation, user = organisation_and_member()
    ward = OrgUnit.objects.create(organisation=organisation, name="Ward 3")
    _measures(organisation, ward)
    _ideas(organisation, user, ward, BOARD_ITEMS, days=30)
    _actions(organisation, user, ward)
    _escalations(organisation, user, ward)
    client = Client()
    client.force_login(user)
    board = timed_get(client, f"/o/bench/ideas/boards/{ward.pk}/", runs=RUNS)
    # One column opened in full ("Show all"): about a third of the 500 cards.
    column = timed_get(client, f"/o/bench/ideas/boards/{ward.pk}/?column=new", runs=RUNS)
    _ideas(organisation, user, ward, IDEAS - BOARD_ITEMS, days=730, closed=True)
    overview = timed_get(client, "/o/bench/ideas/overview/", runs=RUNS)
    area = timed_get(client, f"/o/bench/ideas/overview/?unit={ward.pk}", runs=RUNS)
    # Half the 50,000 ideas are open, most of them unanswered for a week: thousands stalled.
    stalled = timed_get(client, "/o/bench/ideas/stalled/", runs=RUNS)
    # The same once the database has the statistics that autovacuum (PostgreSQL) or a
    # periodic ANALYZE would have gathered while 50,000 ideas accumulated: a fresh bulk load
    # has none, and the planner then guesses one row per table.
    _analyse()
    return {
        "board_500_items": board,
        "board_column_in_full": column,
        "overview_50k_ideas": overview,
        "overview_one_area_50k": area,
        "stalled_page_50k": stalled,
        "overview_50k_analysed": timed_get(client, "/o/bench/ideas/overview/", runs=RUNS),
        "overview_one_area_analysed": timed_get(
            client, f"/o/bench/ideas/overview/?unit={ward.pk}", runs=RUNS
        ),
    }


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _escalations(organisation: Any, user: Any, ward: Any) -> None:
    """A tenth of the board's ideas and a quarter of its actions arrived from a bay below, so
    the board marks where each came from."""
    from kaizen.accounts.models import OrgUnit
    from kaizen.ideas.models import BoardAction, Escalation, Idea

    bay = OrgUnit.objects.create(organisation=organisation, name="Bay A", parent=ward)
    moved: list[dict[str, Any]] = [
        *({"idea": idea} for idea in Idea.objects.filter(board_unit=ward)[: BOARD_ITEMS // 10]),
        *({"action": action} for action in BoardAction.objects.filter(unit=ward)[:5]),
    ]
    Escalation.objects.bulk_create(
        Escalation(
            from_unit=bay,
            to_unit=ward,
            direction=Escalation.Direction.UP,
            reason="Needs the ward's budget",
            by=user,
            **item,
        )
        for item in moved
    )


def _measures(organisation: Any, ward: Any) -> None:
    from kaizen.measures.models import DataPoint, Measure
    from kaizen.measures.services import measure_refresh

    chance = random.Random(11)
    months = [dt.date(2020 + m // 12, m % 12 + 1, 1) for m in range(60)]
    measures = Measure.objects.bulk_create(
        Measure(organisation=organisation, unit=ward, name=f"Ward measure {n:02d}")
        for n in range(MEASURES)
    )
    DataPoint.objects.bulk_create(
        DataPoint(measure=m, period=month, value=round(chance.gauss(50, 5), 1))
        for m in measures
        for month in months
    )
    for measure in measures:
        measure_refresh(measure=measure)


def _ideas(
    organisation: Any, user: Any, ward: Any, count: int, *, days: int, closed: bool = False
) -> None:
    from django.utils import timezone

    from kaizen.ideas.models import Idea, IdeaStatus
    from kaizen.ideas.services import install_defaults

    install_defaults(organisation=organisation)
    statuses = list(IdeaStatus.objects.filter(organisation=organisation))
    open_ = [s for s in statuses if not s.is_closed]
    chance = random.Random(count)
    now = timezone.now()
    rows = []
    for number in range(count):
        status = chance.choice(statuses if closed else open_)
        raised = now - dt.timedelta(days=chance.uniform(0, days))
        rows.append(
            Idea(
                organisation=organisation,
                problem=f"Problem {number}: the hoist battery is flat",
                unit=ward,
                board_unit=None if closed else ward,
                author=user,
                raised_by=user,
                status=status,
                raised_at=raised,
                first_answered_at=raised + dt.timedelta(days=3) if number % 2 else None,
            ).stamp()
        )
    ideas = Idea.objects.bulk_create(rows, batch_size=2000)
    Idea.supporters.through.objects.bulk_create(
        [Idea.supporters.through(idea_id=i.pk, user_id=user.pk) for i in ideas[::5]],
        batch_size=2000,
    )


def _actions(organisation: Any, user: Any, ward: Any) -> None:
    from django.utils import timezone

    from kaizen.ideas.models import BoardAction

    BoardAction.objects.bulk_create(
        BoardAction(
            organisation=organisation,
            unit=ward,
            text=f"Action {n}",
            owner=user,
            due=timezone.localdate() + dt.timedelta(days=n - 5),
            created_by=user,
        )
        for n in range(20)
    )


if __name__ == "__main__":
    main()

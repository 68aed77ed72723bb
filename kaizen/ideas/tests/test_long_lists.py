"""Long lists of ideas. A busy huddle board: each column shows its oldest cards and counts the
rest, "Show all" opens one column in full, and the stalled tally counts every idea, shown or
not. The stalled page and the ideas list come a page at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.ideas import boards
from kaizen.ideas.board_views import STALLED_PAGE
from kaizen.ideas.boards import CARDS_PER_COLUMN
from kaizen.ideas.models import Idea, IdeaStatus
from kaizen.ideas.services import install_defaults

ClientFor = Callable[[User], Client]
EXTRA = 5


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 3")


def fill(org: Organisation, ward: OrgUnit, author: User, count: int, *, kind: str) -> None:
    """``count`` unanswered ideas of ``kind`` on the ward's board, raised 10 to 10 + count days
    ago (so all are stalled), named "Idea 0" (the newest) onwards."""
    install_defaults(organisation=org)
    status = IdeaStatus.objects.filter(organisation=org, kind=kind).first()
    assert status is not None
    now = timezone.now()
    Idea.objects.bulk_create(
        Idea(
            organisation=org,
            problem=f"Idea {n}: the hoist",
            unit=ward,
            board_unit=ward,
            author=author,
            raised_by=author,
            status=status,
            raised_at=now - dt.timedelta(days=10 + n),
        ).stamp()
        for n in range(count)
    )


def test_a_column_shows_its_oldest_cards_and_counts_them_all(
    org: Organisation, ward: OrgUnit, staff_user: User
) -> None:
    fill(org, ward, staff_user, CARDS_PER_COLUMN + EXTRA, kind=IdeaStatus.Kind.NEW)
    fill(org, ward, staff_user, 2, kind=IdeaStatus.Kind.TESTING)
    board = boards.board_for(ward)
    new, review, testing = board.columns
    assert (new.total, len(new.ideas), new.hidden) == (
        CARDS_PER_COLUMN + EXTRA,
        CARDS_PER_COLUMN,
        EXTRA,
    )
    oldest = f"Idea {CARDS_PER_COLUMN + EXTRA - 1}: the hoist"
    assert new.ideas[0].problem == oldest
    assert "Idea 0: the hoist" not in [idea.problem for idea in new.ideas]
    assert (review.total, testing.total, testing.hidden) == (0, 2, 0)
    # Stalled counts the hidden ideas too: the tally comes from the database.
    assert board.stalled == CARDS_PER_COLUMN + EXTRA + 2
    assert all(idea.stalled for idea in new.ideas)  # type: ignore[attr-defined]


def test_show_all_opens_one_column_in_full_and_show_fewer_closes_it(
    org: Organisation, ward: OrgUnit, staff_user: User, client_for: ClientFor
) -> None:
    fill(org, ward, staff_user, CARDS_PER_COLUMN + EXTRA, kind=IdeaStatus.Kind.NEW)
    client = client_for(staff_user)
    here = f"/o/riverside/ideas/boards/{ward.pk}/"
    page = client.get(here).content.decode()
    assert f"New ({CARDS_PER_COLUMN + EXTRA})" in page
    assert page.count("the hoist</a>") == CARDS_PER_COLUMN
    assert f'href="{here}?column=new#column-new">Show all {CARDS_PER_COLUMN + EXTRA}' in page
    full = client.get(f"{here}?column=new").content.decode()
    assert full.count("the hoist</a>") == CARDS_PER_COLUMN + EXTRA
    assert "Show all" not in full
    assert f'href="{here}#column-new">Show the oldest {CARDS_PER_COLUMN}' in full
    # A column the board does not have is no column: the board as usual.
    assert (
        client.get(f"{here}?column=closed").content.decode().count("the hoist</a>")
        == CARDS_PER_COLUMN
    )


def test_the_wall_screen_says_how_many_more_without_a_link(
    org: Organisation, ward: OrgUnit, staff_user: User, client_for: ClientFor
) -> None:
    fill(org, ward, staff_user, CARDS_PER_COLUMN + EXTRA, kind=IdeaStatus.Kind.NEW)
    wall = client_for(staff_user).get(f"/o/riverside/ideas/boards/{ward.pk}/?wall=1")
    text = wall.content.decode()
    assert f"And {EXTRA} more (the oldest are shown)." in text
    assert "Show all" not in text


def test_the_board_costs_the_same_queries_for_few_ideas_or_many(
    org: Organisation, ward: OrgUnit, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    url = f"/o/riverside/ideas/boards/{ward.pk}/"
    fill(org, ward, staff_user, 3, kind=IdeaStatus.Kind.NEW)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    fill(org, ward, staff_user, 3 * CARDS_PER_COLUMN, kind=IdeaStatus.Kind.UNDER_REVIEW)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_stalled_page_lists_the_oldest_a_page_at_a_time_keeping_the_area(
    org: Organisation, ward: OrgUnit, staff_user: User, client_for: ClientFor
) -> None:
    fill(org, ward, staff_user, STALLED_PAGE + EXTRA, kind=IdeaStatus.Kind.NEW)
    client = client_for(staff_user)
    url = f"/o/riverside/ideas/stalled/?unit={ward.pk}"
    first = client.get(url).content.decode()
    assert f"Ideas ({STALLED_PAGE + EXTRA})" in first
    assert first.count("the hoist</a>") == STALLED_PAGE
    assert f"Idea {STALLED_PAGE + EXTRA - 1}: the hoist" in first  # the oldest
    assert "Idea 0: the hoist" not in first
    assert f'href="?page=2&amp;unit={ward.pk}"' in first
    second = client.get(f"{url}&page=2").content.decode()
    assert second.count("the hoist</a>") == EXTRA
    assert "Idea 0: the hoist" in second

"""A change idea or a closed cycle's learning shared alone, without the rest of its project; a
change idea shared alone can be adopted elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Measure
from kaizen.network.models import SharedItem
from kaizen.network.services import share_cycle, share_idea, share_project
from kaizen.projects.models import MeasureLink
from kaizen.projects.services import cycle_close, cycle_update, measure_link_add
from kaizen.testing import make_cycle, make_idea, make_measure, make_project, make_team_member

pytestmark = pytest.mark.django_db


def test_a_change_idea_is_shared_without_the_rest_of_its_project(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user, title="Fewer falls", problem="Wards 7 and 8 only")
    make_team_member(
        project, staff_user, name="Ada Partner", is_patient_partner=True, involvement="co_led"
    )
    make_idea(project, staff_user, title="Night lights")
    idea = make_idea(project, staff_user, title="Intentional rounding")
    make_cycle(idea, staff_user, learned="Rounds slip at 03:00")
    item = share_idea(idea=idea, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    text = Client().get(f"/library/{item.pk}/").content.decode()
    assert "Intentional rounding" in text and "Rounds slip at 03:00" in text
    for private in ("Night lights", "Ada Partner", "Wards 7 and 8 only"):
        assert private not in text
    assert item.kind == "idea" and item.idea == idea


def test_only_a_closed_cycle_is_shared_and_alone(org: Organisation, staff_user: User) -> None:
    idea = make_idea(make_project(org, staff_user), staff_user)
    other = make_cycle(idea, staff_user, title="Another cycle", learned="Not this")
    cycle = make_cycle(idea, staff_user, title="One bay for a week")
    with pytest.raises(ValidationError):
        share_cycle(cycle=cycle, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    cycle = cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"started_on": dt.date(2025, 1, 6), "what_happened": "Ran"},
    )
    cycle = cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"results": "Fewer falls", "studied_on": dt.date(2025, 1, 13)},
    )
    cycle = cycle_close(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"decision": "adopt", "decision_reason": "It worked", "learned": "Huddles help"},
    )
    item = share_cycle(cycle=cycle, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    text = Client().get(f"/library/{item.pk}/").content.decode()
    assert "Huddles help" in text and other.title not in text


def test_a_shared_idea_is_adopted_with_its_measures(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user, title="Intentional rounding")
    measure = make_measure(org, by=staff_user, name="Falls", improvement="decrease")
    measure_link_add(
        project=project, measure=measure, by=staff_user, idea=idea, direction="decrease"
    )
    item = share_idea(idea=idea, by=staff_user, reach=SharedItem.Reach.INSTALLATION)
    stranger = client_for(outsider)
    page = stranger.get(f"/library/{item.pk}/").content.decode()
    assert f"/o/{other_org.slug}/shared/items/{item.pk}/adopt" in page
    response = stranger.post(
        f"/o/{other_org.slug}/shared/items/{item.pk}/adopt", {"starts_on": "2025-01-06"}
    )
    assert response.status_code == 302
    adopted = Measure.objects.get(organisation=other_org)
    link = MeasureLink.objects.get(measure=adopted, idea__isnull=False)
    assert link.idea is not None and link.idea.started_on == dt.date(2025, 1, 6)
    assert item.adoptions.get().organisation == other_org


def test_only_the_team_shares_its_work(
    org: Organisation, staff_user: User, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    idea = make_idea(make_project(org, staff_user), staff_user)
    url = f"/o/{org.slug}/shared/ideas/{idea.pk}"
    assert client_for(leader_user).get(url).status_code == 403
    assert client_for(staff_user).get(url).status_code == 200


def test_a_project_idea_is_not_adoptable_as_a_shared_idea(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    item = share_project(project=make_project(org, staff_user), by=staff_user, reach="public")
    url = f"/o/{other_org.slug}/shared/items/{item.pk}/adopt"
    assert client_for(outsider).get(url).status_code == 404

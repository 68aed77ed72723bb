"""Change ideas and PDSA cycles: ramps, each phase, closing with what was learned, dates in order,
optimistic locking, and the search over ideas and cycles (abandoned ones included)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.projects import services
from kaizen.projects.models import ChangeIdea, PDSACycle
from kaizen.testing import make_cycle, make_idea, make_project

ClientFor = Callable[[User], Client]


@pytest.fixture
def idea(org: Organisation, staff_user: User) -> ChangeIdea:
    return make_idea(make_project(org, staff_user), staff_user)


def phase_post(cycle: PDSACycle, phase: str, version: int, **values: str) -> dict[str, str]:
    data = {"phase": phase, f"{phase}-version": str(version)}
    data.update({f"{phase}-{name}": value for name, value in values.items()})
    return data


def test_cycles_form_a_ramp(idea: ChangeIdea, staff_user: User, client_for: ClientFor) -> None:
    client = client_for(staff_user)
    url = f"/o/riverside/projects/ideas/{idea.pk}/cycles/new/"
    for title in ("One bay", "Whole ward"):
        response = client.post(
            url, {"title": title, "objective": "Test it", "prediction": "It halves"}
        )
        assert response.status_code == 302
    first, second = PDSACycle.objects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.previous == first
    assert first.predicted_at is not None
    assert "builds on cycle 2" in client.get(url).content.decode()


def test_it_runs_a_cycle_through_every_phase(
    idea: ChangeIdea, staff_user: User, client_for: ClientFor
) -> None:
    cycle = make_cycle(idea, staff_user)
    client = client_for(staff_user)
    url = cycle.get_absolute_url()
    # Started today, after the prediction was written: the fidelity check can see that.
    today = timezone.localdate().isoformat()
    steps = [
        ("do", {"started_on": today, "what_happened": "Ran for a week"}),
        ("study", {"results": "Falls went from 4 to 2, as predicted", "studied_on": today}),
        (
            "act",
            {
                "decision": "adapt",
                "decision_reason": "Works by day",
                "learned": "Nights need a huddle",
                "next_steps": "Add a 02:00 huddle",
            },
        ),
    ]
    for phase, values in steps:
        cycle.refresh_from_db()
        response = client.post(url, phase_post(cycle, phase, cycle.version, **values))
        assert response.status_code == 302, response.content.decode()[:2000]
    cycle.refresh_from_db()
    assert cycle.phase == "Closed"
    assert cycle.closed_on is not None
    assert cycle.learned == "Nights need a huddle"
    assert cycle.predicted_before_start
    backdated = make_cycle(idea, staff_user, started_on=dt.date(2026, 1, 5))
    assert not backdated.predicted_before_start


def test_a_cycle_cannot_close_without_what_was_learned(
    idea: ChangeIdea, staff_user: User, client_for: ClientFor
) -> None:
    cycle = make_cycle(idea, staff_user)
    cycle = services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={
            "started_on": dt.date(2026, 3, 2),
            "results": "Fine",
            "studied_on": dt.date(2026, 3, 9),
        },
    )
    response = client_for(staff_user).post(
        cycle.get_absolute_url(),
        phase_post(cycle, "act", cycle.version, decision="adopt", decision_reason="It worked"),
    )
    assert response.status_code == 200
    assert "a cycle cannot be closed without it" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.closed_on is None


def test_it_refuses_dates_out_of_order(idea: ChangeIdea, staff_user: User) -> None:
    with pytest.raises(ValidationError, match="planned end must be on or after"):
        make_cycle(
            idea, staff_user, planned_start=dt.date(2026, 3, 9), planned_end=dt.date(2026, 3, 2)
        )
    cycle = make_cycle(idea, staff_user)
    with pytest.raises(ValidationError, match="study date must be on or after"):
        services.cycle_update(
            cycle=cycle,
            by=staff_user,
            version=cycle.version,
            values={
                "started_on": dt.date(2026, 3, 9),
                "results": "x",
                "studied_on": dt.date(2026, 3, 2),
            },
        )


def test_the_prediction_cannot_change_once_started(idea: ChangeIdea, staff_user: User) -> None:
    cycle = make_cycle(idea, staff_user)
    cycle = services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"started_on": dt.date(2026, 3, 2)},
    )
    with pytest.raises(ValidationError, match="prediction cannot change"):
        services.cycle_update(
            cycle=cycle, by=staff_user, version=cycle.version, values={"prediction": "Hindsight"}
        )


def test_two_people_editing_a_cycle_never_overwrite_each_other(
    idea: ChangeIdea, staff_user: User, coach_user: User, client_for: ClientFor
) -> None:
    cycle = make_cycle(idea, staff_user)
    opened_at = cycle.version
    first = client_for(staff_user).post(
        cycle.get_absolute_url(),
        phase_post(cycle, "do", opened_at, started_on="2026-03-02", what_happened="Mine"),
    )
    assert first.status_code == 302
    second = client_for(coach_user).post(
        cycle.get_absolute_url(),
        phase_post(cycle, "do", opened_at, started_on="2026-03-03", what_happened="Theirs"),
    )
    assert second.status_code == 200
    assert "Someone else changed this while you were editing it" in second.content.decode()
    cycle.refresh_from_db()
    assert cycle.what_happened == "Mine"
    assert cycle.version == opened_at + 1


def test_abandoned_ideas_need_a_reason_and_stay_searchable(
    idea: ChangeIdea, staff_user: User, client_for: ClientFor
) -> None:
    with pytest.raises(ValidationError, match="Say why"):
        services.idea_set_stage(idea=idea, stage="abandoned", reason="", by=staff_user)
    services.idea_set_stage(
        idea=idea, stage="abandoned", reason="Night staff could not sustain it", by=staff_user
    )
    cycle = make_cycle(idea, staff_user, title="Rounding with pagers")
    page = client_for(staff_user).get("/o/riverside/projects/search/?q=rounding").content.decode()
    assert "Intentional rounding" in page and "(abandoned)" in page
    assert "Rounding with pagers" in page
    assert cycle.get_absolute_url() in page


def test_search_never_shows_another_organisations_work(
    idea: ChangeIdea, outsider: User, client_for: ClientFor
) -> None:
    page = client_for(outsider).get("/o/hillside/projects/search/?q=rounding").content.decode()
    assert "Intentional rounding" not in page


def test_another_organisation_cannot_read_or_change_a_cycle(
    idea: ChangeIdea, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    cycle = make_cycle(idea, staff_user)
    client = client_for(outsider)
    assert client.get(f"/o/hillside/projects/cycles/{cycle.pk}/").status_code == 404
    response = client.post(
        f"/o/hillside/projects/cycles/{cycle.pk}/",
        phase_post(cycle, "do", cycle.version, what_happened="Hijacked"),
    )
    assert response.status_code == 404
    assert client.get(f"/o/hillside/projects/ideas/{idea.pk}/").status_code == 404
    assert client.post(f"/o/hillside/projects/ideas/{idea.pk}/cycles/new/", {}).status_code == 404
    cycle.refresh_from_db()
    assert cycle.what_happened == ""


def test_every_change_to_a_cycle_is_on_the_audit_trail(idea: ChangeIdea, staff_user: User) -> None:
    cycle = make_cycle(idea, staff_user)
    services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"what_happened": "Ran it"}
    )
    events = AuditEvent.objects.filter(target_type="projects.pdsacycle", target_id=str(cycle.pk))
    assert [e.action for e in events.order_by("pk")] == ["create", "update"]
    assert events.order_by("pk").last().changes == {"what_happened": ["", "Ran it"]}  # type: ignore[union-attr]

"""The value-stream map editor: each state's steps in order, lead and value-added time and
their ratio, rolled first-time quality, a drawing that follows what is typed (HTMX preview,
nothing saved), and steps removed by ticking them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import User
from kaizen.activity.models import about
from kaizen.projects.lean import vsm
from kaizen.projects.lean.models import MapStep
from kaizen.projects.lean.tests.editor import form_data, step
from kaizen.projects.models import Project

pytestmark = pytest.mark.django_db


def test_a_value_stream_map_adds_up_and_draws(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    url = f"/o/riverside/lean/project/{dmaic_project.pk}/value-stream-map/"
    client = client_for(coach_user)
    data = form_data(
        [step("Triage", "10", "0", "90"), step("Treat", "30", "60", "80")],
        [step("See and treat", "30", "10")],
    )
    assert client.post(url, data).status_code == 302
    steps = list(MapStep.objects.filter(**about(dmaic_project)))
    [current, future] = vsm.maps(steps)
    assert [s.name for s in current.steps] == ["Triage", "Treat"]
    assert (current.lead_minutes, current.value_added_minutes) == (100, 40)
    assert round(current.ratio) == 40 and round(current.rolled_quality) == 72
    assert round(future.ratio) == 75
    page = client.get(url).content.decode()
    assert "40.0%" in page and "<svg" in page and "75.0%" in page


def test_the_drawing_follows_what_is_typed_without_saving(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    url = f"/o/riverside/lean/project/{dmaic_project.pk}/value-stream-map/preview/"
    data = form_data([step("Triage", "10", "30"), step("", "", "")], [])
    drawing = client_for(coach_user).post(url, data).content.decode()
    assert "25.0%" in drawing and "<svg" in drawing and "<html" not in drawing
    assert not MapStep.objects.exists()


def test_bad_times_are_refused_and_ticked_steps_removed(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    url = f"/o/riverside/lean/project/{dmaic_project.pk}/value-stream-map/"
    client = client_for(coach_user)
    bad = form_data([step("Triage", "-1", "0", "120")], [])
    page = client.post(url, bad).content.decode()
    assert "cannot be negative" in page and "at most 100" in page
    client.post(url, form_data([step("Triage", "10", "0"), step("Treat", "5", "5")], []))
    first, second = MapStep.objects.order_by("position")
    kept = step("Triage", "10", "0", id=first.pk)
    gone = step("Treat", "5", "5", id=second.pk, DELETE="on")
    assert client.post(url, form_data([kept, gone], [])).status_code == 302
    assert [s.name for s in MapStep.objects.all()] == ["Triage"]

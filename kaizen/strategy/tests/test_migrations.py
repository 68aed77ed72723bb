"""Moving the North Star, priorities and tags into the strategy app loses no row, and projects
still point at the same records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("accounts", "0004_unit_verbose_name"),
    ("projects", "0002_verdict_unreadable"),
    ("strategy", None),
]


def model(state: Apps, label: str) -> Any:
    """A historical model, typed loosely: it has the fields of its time, not of today."""
    return state.get_model(label)


def migrate(targets: list[tuple[str, str | None]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([(a, m) for a, m in targets if m]).apps


def leaves() -> list[tuple[str, str | None]]:
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def before(transactional_db: None) -> Iterator[Apps]:
    """The schema as it was before the move; the latest schema again afterwards."""
    yield migrate(BEFORE)
    migrate(leaves())


def test_the_move_keeps_every_row_and_link(before: Apps) -> None:
    Organisation = model(before, "accounts.Organisation")
    Priority = model(before, "projects.StrategicPriority")
    Tag = model(before, "projects.ProgrammeTag")
    riverside = Organisation.objects.create(name="Riverside", slug="r", north_star="Zero harm")
    hillside = Organisation.objects.create(name="Hillside", slug="h")
    safe = Priority.objects.create(organisation=riverside, name="Safe care")
    Priority.objects.create(organisation=hillside, name="Timely care")
    girft = Tag.objects.create(organisation=riverside, name="GIRFT")
    Tag.objects.create(organisation=riverside, name="CQUIN")
    project = _project(before, riverside, priority=safe)
    project.tags.add(girft)

    after = migrate(leaves())

    Project = model(after, "projects.Project")
    NorthStar = model(after, "strategy.NorthStar")
    moved = Project.objects.get(pk=project.pk)
    assert (moved.priority.pk, moved.priority.name) == (safe.pk, "Safe care")
    assert moved.priority._meta.label == "strategy.StrategicPriority"
    assert [(t.pk, t.name) for t in moved.tags.all()] == [(girft.pk, "GIRFT")]
    priorities = model(after, "strategy.StrategicPriority").objects
    tags = model(after, "strategy.ProgrammeTag").objects
    assert sorted(priorities.values_list("name", flat=True)) == ["Safe care", "Timely care"]
    assert sorted(tags.values_list("name", flat=True)) == ["CQUIN", "GIRFT"]
    assert dict(NorthStar.objects.values_list("organisation__slug", "statement")) == {
        "r": "Zero harm",
        "h": "",
    }
    # New rows continue the moved tables' ids rather than colliding with them.
    assert priorities.create(organisation_id=riverside.pk, name="New").pk > safe.pk


def test_it_can_be_undone_without_losing_the_north_star(before: Apps) -> None:
    Organisation = model(before, "accounts.Organisation")
    Organisation.objects.create(name="Riverside", slug="r", north_star="Zero harm")
    migrate(leaves())
    undone = migrate(BEFORE)
    Undone = model(undone, "accounts.Organisation")
    assert Undone.objects.get().north_star == "Zero harm"


def _project(state: Apps, organisation: Any, **values: object) -> Any:
    """A project as the old schema stores it, with the method and status it requires."""
    Method = model(state, "projects.ImprovementMethod")
    Status = model(state, "projects.ProjectStatus")
    Project = model(state, "projects.Project")
    method = Method.objects.create(organisation=organisation, key="mfi", name="MfI")
    status = Status.objects.create(organisation=organisation, name="Proposed", kind="proposed")
    return Project.objects.create(
        organisation=organisation, method=method, status=status, title="Falls", **values
    )

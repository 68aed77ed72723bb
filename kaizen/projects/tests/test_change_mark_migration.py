"""Annotation.source strings become typed ChangeMarks, and no annotation is lost either way."""

from __future__ import annotations

import datetime as dt

import pytest

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Annotation
from kaizen.measures.services import annotation_add
from kaizen.projects.models import ChangeMark
from kaizen.testing import (
    WEEKLY_FALLS,
    Migrator,
    make_cycle,
    make_idea,
    make_measure,
    make_project,
)

BEFORE = [("projects", "0004_strategy_moved"), ("measures", "0005_snapshot_lz4")]
AFTER = [("projects", "0005_changemark"), ("measures", "0006_remove_annotation_source")]


@pytest.mark.django_db(transaction=True)
def test_sources_become_change_marks_and_back_with_no_annotation_lost(
    migrator: Migrator, org: Organisation, staff_user: User
) -> None:
    measure = make_measure(
        org, [10.0, 11.0, 9.0], by=staff_user, start=dt.date(2026, 1, 5), **WEEKLY_FALLS
    )
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user)
    cycle = make_cycle(idea, staff_user)
    notes = [
        annotation_add(measure=measure, period=dt.date(2026, 1, 5), text=f"Note {n}", by=None)
        for n in range(6)
    ]
    ChangeMark.objects.create(annotation=notes[0], cycle=cycle)
    state = migrator(BEFORE).loader.project_state(BEFORE).apps
    old_annotation = state.get_model("measures", "Annotation")
    # Going back writes the marks as strings again.
    assert old_annotation.objects.get(pk=notes[0].pk).source == f"pdsa:{cycle.pk}"
    sources = ["", f"pdsa:{cycle.pk}", f"idea:{idea.pk}", "demo", "pdsa:999999", "idea:x"]
    for note, source in zip(notes, sources, strict=True):
        old_annotation.objects.filter(pk=note.pk).update(source=source)

    migrator(AFTER)

    assert Annotation.objects.count() == len(notes)
    marks = {(m.annotation_id, m.cycle_id, m.idea_id) for m in ChangeMark.objects.all()}
    assert marks == {(notes[1].pk, cycle.pk, None), (notes[2].pk, None, idea.pk)}
    assert list(Annotation.objects.filter(change_mark__cycle=cycle)) == [notes[1]]

"""A cycle recorded after the fact: its prediction counts if written before its results."""

from __future__ import annotations

import datetime as dt

from kaizen.accounts.models import Organisation, User
from kaizen.projects import services
from kaizen.projects.fidelity import fidelity_checks
from kaizen.testing import make_cycle, make_idea, make_project

PAST = dt.date(2025, 3, 3)


def prediction_check(project_pk: int) -> tuple[bool, str]:
    from kaizen.projects.models import Project

    check = next(
        c for c in fidelity_checks(Project.objects.get(pk=project_pk)) if "predict" in c.label
    )
    return check.met, check.advice


def test_a_cycle_written_up_afterwards_counts_if_predicted_before_its_results(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    cycle = make_cycle(
        make_idea(project, staff_user),
        staff_user,
        prediction="Falls at night halve",
        recorded_after=True,
    )
    cycle = services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"started_on": PAST, "what_happened": "Rounds every hour"},
    )
    assert cycle.predicted_before_start
    met, _ = prediction_check(project.pk)
    assert met


def test_without_the_mark_a_past_start_is_a_late_prediction(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    cycle = make_cycle(make_idea(project, staff_user), staff_user, prediction="Falls halve")
    services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"started_on": PAST}
    )
    met, advice = prediction_check(project.pk)
    assert not met
    assert "1 of 1 cycles did not write a prediction before starting" in advice


def test_a_prediction_written_after_the_results_does_not_count_and_says_why(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    cycle = make_cycle(
        make_idea(project, staff_user), staff_user, prediction="", recorded_after=True
    )
    cycle = services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"results": "Falls fell by a third"},
    )
    cycle = services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"prediction": "Falls halve"}
    )
    assert not cycle.predicted_before_start
    met, advice = prediction_check(project.pk)
    assert not met
    assert "recorded after the fact counts when its prediction was written before" in advice

"""\"Did it work?\": verdicts reach the cycle, the project and the measure's chart, and follow the
measure's data. (The judgement itself is tested in kaizen-spc's test_impact.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import Notification
from kaizen.imports.checks import Row
from kaizen.imports.services import import_rows
from kaizen.measures.models import Annotation
from kaizen.projects import services
from kaizen.projects.models import MeasureLink
from kaizen.testing import WEEKLY_FALLS, make_cycle, make_idea, make_measure, make_project

START = dt.date(2026, 1, 5)


def weeks(n: int, first: dt.date = START) -> list[dt.date]:
    return [first + dt.timedelta(weeks=i) for i in range(n)]


def wobble(n: int, centre: float) -> list[float]:
    """Values alternating half a unit either side of ``centre``: a stable process."""
    return [centre + (0.5 if i % 2 else -0.5) for i in range(n)]


def test_a_cycle_verdict_reaches_the_cycle_the_project_and_the_chart(
    org: Organisation, staff_user: User, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    measure = make_measure(
        org, wobble(20, 10) + [9.6, 9.4] * 4, by=staff_user, start=START, **WEEKLY_FALLS
    )
    project = make_project(org, staff_user)
    cycle = make_cycle(make_idea(project, staff_user), staff_user)
    services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"started_on": weeks(21)[20]}
    )
    link = services.measure_link_add(
        project=project, measure=measure, by=coach_user, cycle=cycle, direction="decrease"
    )
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED
    assert link.suggested_rebase == weeks(21)[20]
    # The change is marked on the measure's chart, once.
    services.verdicts_refresh(project=project)
    marks = Annotation.objects.filter(measure=measure, change_mark__cycle=cycle)
    assert [(a.period, a.starts_segment) for a in marks] == [(weeks(21)[20], False)]
    # The lead hears about the verdict.
    assert Notification.objects.filter(recipient=staff_user, kind="verdict").count() == 1
    client = client_for(staff_user)
    for url in (cycle.get_absolute_url(), project.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Signal in the predicted direction" in page
        assert "Recalculate limits from" in page
    # The team confirms the recalculation: the chart restarts its limits there.
    response = client.post(f"/o/riverside/projects/links/{link.pk}/rebase/")
    assert response.status_code == 302
    assert Annotation.objects.filter(measure=measure, starts_segment=True).count() == 1
    measure.refresh_from_db()
    assert measure.spc_options().rebase == (weeks(21)[20],)
    link.refresh_from_db()
    assert link.rebase_accepted and link.suggested_rebase is None
    services.verdicts_refresh(project=project)
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED  # the later rebase is not its baseline


def test_another_organisation_cannot_accept_a_recalculation(
    org: Organisation, staff_user: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    measure = make_measure(
        org, wobble(20, 10) + [9.6, 9.4] * 4, by=staff_user, start=START, **WEEKLY_FALLS
    )
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user, started_on=weeks(21)[20])
    link = services.measure_link_add(
        project=project, measure=measure, by=staff_user, idea=idea, direction="decrease"
    )
    response = client_for(outsider).post(f"/o/hillside/projects/links/{link.pk}/rebase/")
    assert response.status_code == 404
    assert not Annotation.objects.filter(starts_segment=True).exists()


def test_a_corrected_start_date_moves_the_mark_on_the_chart(
    org: Organisation, staff_user: User
) -> None:
    measure = make_measure(org, wobble(30, 10), by=staff_user, start=START, **WEEKLY_FALLS)
    project = make_project(org, staff_user)
    cycle = make_cycle(make_idea(project, staff_user), staff_user)
    cycle = services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"started_on": weeks(21)[20]}
    )
    services.measure_link_add(
        project=project, measure=measure, by=staff_user, cycle=cycle, direction="decrease"
    )
    services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"started_on": weeks(23)[22]}
    )
    marks = Annotation.objects.filter(measure=measure, change_mark__cycle=cycle)
    assert [a.period for a in marks] == [weeks(23)[22]]
    link = MeasureLink.objects.get(cycle=cycle)
    assert link.verdict == MeasureLink.Verdict.NO_SIGNAL
    assert "8 points since" in link.verdict_detail


def test_editing_an_ideas_start_date_re_judges_it(
    org: Organisation, staff_user: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    measure = make_measure(
        org, [*wobble(20, 10), 6.0, 6.1, 5.9], by=staff_user, start=START, **WEEKLY_FALLS
    )
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user)
    link = services.measure_link_add(
        project=project, measure=measure, by=staff_user, idea=idea, direction="decrease"
    )
    assert link.verdict == ""  # no start date yet
    url = f"/o/riverside/projects/ideas/{idea.pk}/edit/"
    values = {"title": idea.title, "started_on": weeks(21)[20].isoformat()}
    assert (
        client_for(outsider).post(f"/o/hillside/projects/ideas/{idea.pk}/edit/", values).status_code
        == 404
    )
    assert client_for(staff_user).post(url, values).status_code == 302
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED


def test_entering_data_on_the_measure_re_judges_the_change_and_tells_the_team(
    org: Organisation, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    measure = make_measure(org, wobble(22, 10), by=staff_user, start=START, **WEEKLY_FALLS)
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user, started_on=weeks(21)[20])
    link = services.measure_link_add(
        project=project, measure=measure, by=staff_user, idea=idea, direction="decrease"
    )
    assert link.verdict == MeasureLink.Verdict.TOO_FEW
    verdict_notes = Notification.objects.filter(recipient=staff_user, kind="verdict")
    assert verdict_notes.count() == 1
    client = client_for(staff_user)
    entry = f"/o/riverside/measures/{measure.pk}/data/"
    response = client.post(entry, {"period": weeks(23)[22].isoformat(), "value": "5"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED
    assert verdict_notes.count() == 2
    assert verdict_notes.order_by("pk").last().text == (  # type: ignore[union-attr]
        "“Intentional rounding” on “Falls per 1,000 bed days”: signal in the predicted direction"
    )
    # The measure's page says what the change has shown: under the chart and on its marker.
    page = client.get(f"/o/riverside/measures/{measure.pk}/").content.decode()
    assert "Changes tested on this measure" in page
    assert f'<a href="{idea.get_absolute_url()}">Change started: Intentional rounding</a>' in page
    assert "<strong>Signal in the predicted direction</strong>" in page
    assert "Change started: Intentional rounding (Signal in the predicted direction)" in page
    # Deleting the value takes the verdict back.
    point = measure.datapoints.get(period=weeks(23)[22])
    client.post(f"/o/riverside/measures/{measure.pk}/data/{point.pk}/delete/")
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.TOO_FEW
    assert verdict_notes.count() == 3


def test_an_upload_re_judges_the_changes_on_each_measure_it_touches(
    org: Organisation, staff_user: User
) -> None:
    measure = make_measure(org, wobble(22, 10), by=staff_user, start=START, **WEEKLY_FALLS)
    project = make_project(org, staff_user)
    cycle = make_cycle(make_idea(project, staff_user), staff_user)
    cycle = services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"started_on": weeks(21)[20]}
    )
    link = services.measure_link_add(
        project=project, measure=measure, by=staff_user, cycle=cycle, direction="increase"
    )
    rows = [
        Row(2 + i, measure.pk, day, 15.0, None, None, "") for i, day in enumerate(weeks(25)[22:])
    ]
    import_rows(rows, organisation=org, by=staff_user, source="later weeks.csv")
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED
    mark = Annotation.objects.get(measure=measure, change_mark__cycle=cycle)
    assert (mark.outcome, mark.url) == (
        "Signal in the predicted direction",
        cycle.get_absolute_url(),
    )

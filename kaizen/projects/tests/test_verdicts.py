"""\"Did it work?\": verdicts on constructed data for each outcome, and their place on the cycle,
the project and the measure's chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.imports.checks import Row
from kaizen.imports.services import import_rows
from kaizen.measures.models import Annotation
from kaizen.projects import services, verdicts
from kaizen.projects.models import MeasureLink, Notification
from kaizen.projects.tests.factories import make_cycle, make_idea, make_measure, make_project
from kaizen_spc import SPCOptions

START = dt.date(2026, 1, 5)
MDC = SPCOptions(chart="xmr", improvement="decrease")


def weeks(n: int, first: dt.date = START) -> list[dt.date]:
    return [first + dt.timedelta(weeks=i) for i in range(n)]


def wobble(n: int, centre: float) -> list[float]:
    """Values alternating half a unit either side of ``centre``: a stable process."""
    return [centre + (0.5 if i % 2 else -0.5) for i in range(n)]


def judge(values: list[float], change_week: int, predicted: str = "decrease") -> verdicts.Verdict:
    periods = weeks(len(values))
    return verdicts.judge(
        periods,
        values,
        None,
        options=MDC,
        start=periods[change_week] if change_week < len(periods) else None,
        predicted=predicted,
    )


def test_a_drop_outside_the_baseline_limits_is_a_signal_as_predicted() -> None:
    verdict = judge([*wobble(20, 10), 6.0, 6.2, 5.9], 20)
    assert verdict.kind == verdicts.AS_PREDICTED
    assert verdict.points_needed == 0


def test_a_run_below_the_centre_line_is_a_signal_and_suggests_recalculating() -> None:
    # Every point stays inside the baseline limits, but seven sit below the centre line.
    values = wobble(20, 10) + [9.6, 9.4] * 4
    verdict = judge(values, 20)
    assert verdict.kind == verdicts.AS_PREDICTED
    assert verdict.suggested_rebase == weeks(28)[20]


def test_a_run_that_began_before_the_change_is_not_credited_to_it() -> None:
    # Eight points in a row below the centre line, but only four since the change.
    before = [*wobble(16, 10), 9.6, 9.4, 9.6, 9.4]
    verdict = judge([*before, 9.6, 9.4, 9.6, 9.4], 20)
    assert verdict.kind == verdicts.TOO_FEW
    assert verdict.points_needed == 3
    # Seven since the change are a shift of its own.
    verdict = judge([*before, 9.6, 9.4, 9.6, 9.4, 9.6, 9.4, 9.6], 20)
    assert verdict.kind == verdicts.AS_PREDICTED
    assert "7 points in a row below the centre line" in verdict.detail


def test_a_rise_when_a_fall_was_predicted_is_a_signal_against() -> None:
    verdict = judge([*wobble(20, 10), 14.5, 14.8], 20)
    assert verdict.kind == verdicts.AGAINST
    assert verdict.suggested_rebase is None


def test_enough_points_without_a_signal_is_no_signal_yet() -> None:
    verdict = judge(wobble(30, 10), 20)
    assert verdict.kind == verdicts.NO_SIGNAL
    assert "10 points since" in verdict.detail


def test_too_few_points_after_the_change_says_how_many_more() -> None:
    verdict = judge(wobble(23, 10), 20)
    assert verdict.kind == verdicts.TOO_FEW
    assert verdict.points_needed == 4  # seven points for the shift rule, three so far


def test_too_short_a_baseline_says_how_many_more() -> None:
    verdict = judge(wobble(8, 10) + [6.0] * 3, 5)
    assert verdict.kind == verdicts.TOO_FEW
    assert verdict.points_needed == 7  # twelve baseline points, five so far


def test_a_change_without_a_start_date_has_no_verdict() -> None:
    verdict = judge(wobble(20, 10), 99)
    assert verdict.kind == verdicts.NOT_STARTED


def test_the_baseline_is_the_segment_the_change_started_in() -> None:
    # The limits were recalculated at week 10 after an earlier improvement from 10 to 6. Judged
    # against that segment, a change at week 22 that kept the level at 6 did nothing; judged
    # against all 22 earlier points it would wrongly look like a fall.
    values = wobble(10, 10) + wobble(12, 6) + wobble(8, 6)
    periods = weeks(len(values))
    rebased = SPCOptions(chart="xmr", improvement="decrease", rebase=(periods[10],))
    verdict = verdicts.judge(
        periods, values, None, options=rebased, start=periods[22], predicted="decrease"
    )
    assert verdict.kind == verdicts.NO_SIGNAL
    assert "from the 12 points before it" in verdict.detail
    unrebased = verdicts.judge(
        periods, values, None, options=MDC, start=periods[22], predicted="decrease"
    )
    assert unrebased.kind == verdicts.AS_PREDICTED


def test_a_cycle_verdict_reaches_the_cycle_the_project_and_the_chart(
    org: Organisation, staff_user: User, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    measure = make_measure(org, wobble(20, 10) + [9.6, 9.4] * 4, start=START)
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
    marks = Annotation.objects.filter(measure=measure, source=f"pdsa:{cycle.pk}")
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
    measure = make_measure(org, wobble(20, 10) + [9.6, 9.4] * 4, start=START)
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
    measure = make_measure(org, wobble(30, 10), start=START)
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
    marks = Annotation.objects.filter(measure=measure, source=f"pdsa:{cycle.pk}")
    assert [a.period for a in marks] == [weeks(23)[22]]
    link = MeasureLink.objects.get(cycle=cycle)
    assert link.verdict == MeasureLink.Verdict.NO_SIGNAL
    assert "8 points since" in link.verdict_detail


def test_data_that_cannot_be_charted_is_said_so() -> None:
    periods = weeks(30)
    verdict = verdicts.judge(
        periods,
        [1.0] * 30,
        [0.0] * 30,
        options=SPCOptions(chart="p", improvement="decrease"),
        start=periods[20],
        predicted="decrease",
    )
    assert verdict.kind == verdicts.UNREADABLE
    assert verdict.detail.startswith("The measure's data cannot be charted")


def test_editing_an_ideas_start_date_re_judges_it(
    org: Organisation, staff_user: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    measure = make_measure(org, [*wobble(20, 10), 6.0, 6.1, 5.9], start=START)
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
    measure = make_measure(org, wobble(22, 10), start=START)
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
    measure = make_measure(org, wobble(22, 10), start=START)
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
    mark = Annotation.objects.get(measure=measure, source=f"pdsa:{cycle.pk}")
    assert (mark.outcome, mark.url) == (
        "Signal in the predicted direction",
        cycle.get_absolute_url(),
    )

"""A change's marks on a chart are typed links held by projects, and accepting a
recalculation judges the changes on the measure once, with the recalculation accepted."""

from __future__ import annotations

import datetime as dt

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Annotation, Measure
from kaizen.measures.signals import measure_changed
from kaizen.projects import services
from kaizen.projects.models import ChangeMark, MeasureLink
from kaizen.testing import WEEKLY_FALLS, make_idea, make_measure, make_project

START = dt.date(2026, 1, 5)


def weeks(n: int) -> list[dt.date]:
    return [START + dt.timedelta(weeks=i) for i in range(n)]


def stored(link: MeasureLink) -> tuple[object, ...]:
    link.refresh_from_db()
    return (link.verdict, link.verdict_detail, link.points_needed, link.suggested_rebase)


def test_accepting_a_recalculation_signals_once_and_the_judgement_stands(
    org: Organisation, staff_user: User
) -> None:
    measure = make_measure(
        org, [10.0, 11.0] * 10 + [9.6, 9.4] * 4, by=staff_user, start=START, **WEEKLY_FALLS
    )
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user, started_on=weeks(21)[20])
    link = services.measure_link_add(
        project=project, measure=measure, by=staff_user, idea=idea, direction="decrease"
    )
    assert link.suggested_rebase == weeks(21)[20]
    signals: list[tuple[bool, object]] = []

    def seen(sender: object, *, measure: Measure, **kwargs: object) -> None:
        # What the receiver in projects sees of the link while the signal runs.
        current = MeasureLink.objects.get(pk=link.pk)
        signals.append((current.rebase_accepted, current.suggested_rebase))

    measure_changed.connect(seen, dispatch_uid="test.seen")
    try:
        services.rebase_accept(link=link, by=staff_user)
    finally:
        measure_changed.disconnect(dispatch_uid="test.seen")

    assert signals == [(True, None)]
    after = stored(link)
    assert after[3] is None
    # Judging again changes nothing: the signal's judgement was the last word.
    services.verdicts_follow_data(Measure, measure=measure)
    assert stored(link) == after

    start, rebase = Annotation.objects.filter(change_mark__idea=idea).order_by("starts_segment")
    assert (start.period, start.starts_segment) == (weeks(21)[20], False)
    assert (rebase.period, rebase.starts_segment) == (weeks(21)[20], True)
    assert ChangeMark.objects.filter(cycle=None, idea=idea).count() == 2

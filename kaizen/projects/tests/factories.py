"""Small builders shared by the projects tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure
from kaizen.projects import services
from kaizen.projects.models import ChangeIdea, PDSACycle, Project


def make_project(organisation: Organisation, by: User, **values: Any) -> Project:
    defaults = {"title": "Fewer falls", "problem": "Too many falls at night", "lead": by}
    return services.project_create(organisation=organisation, by=by, values={**defaults, **values})


def make_idea(project: Project, by: User, **values: Any) -> ChangeIdea:
    return services.idea_create(
        project=project, by=by, values={"title": "Intentional rounding", **values}
    )


def make_cycle(idea: ChangeIdea, by: User, **values: Any) -> PDSACycle:
    defaults = {
        "title": "Try on one bay for a week",
        "objective": "See whether hourly rounding is feasible",
        "prediction": "Falls at night will halve",
    }
    return services.cycle_create(idea=idea, by=by, values={**defaults, **values})


def make_measure(
    organisation: Organisation, values: list[float], *, start: dt.date, **options: Any
) -> Measure:
    """A weekly measure with one data point per value, from ``start``."""
    measure = Measure.objects.create(
        organisation=organisation,
        name=options.pop("name", "Falls per 1,000 bed days"),
        frequency=Measure.Frequency.WEEKLY,
        **{"chart": "xmr", "improvement": "decrease", **options},
    )
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=start + dt.timedelta(weeks=i), value=v)
        for i, v in enumerate(values)
    )
    return measure

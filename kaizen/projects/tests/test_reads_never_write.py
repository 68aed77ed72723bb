"""Reading a page writes nothing: verdicts follow the measure_changed signal (and the repair
command), and defaults are installed when an organisation is created, not when a page needs
them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint
from kaizen.projects import services
from kaizen.projects.models import ImprovementMethod, MeasureLink, PDSACycle
from kaizen.testing import WEEKLY_FALLS, make_cycle, make_idea, make_measure, make_project

START = dt.date(2026, 1, 5)
WRITES = ("INSERT", "UPDATE", "DELETE")


def stable_then_lower(org: Organisation, staff_user: User) -> tuple[PDSACycle, MeasureLink]:
    """A cycle started after 20 stable weeks, linked to the measure before any later data."""
    measure = make_measure(
        org, [10.5 if i % 2 else 9.5 for i in range(20)], by=staff_user, start=START, **WEEKLY_FALLS
    )
    cycle = make_cycle(make_idea(make_project(org, staff_user), staff_user), staff_user)
    started = START + dt.timedelta(weeks=20)
    services.cycle_update(
        cycle=cycle, by=staff_user, version=cycle.version, values={"started_on": started}
    )
    link = services.measure_link_add(
        project=cycle.idea.project,
        measure=measure,
        by=staff_user,
        cycle=cycle,
        direction="decrease",
    )
    assert link.verdict == MeasureLink.Verdict.TOO_FEW
    return cycle, link


def add_points_behind_the_signals_back(link: MeasureLink) -> None:
    """Eight lower weeks written straight to the table, as a restore or a fix by hand would."""
    DataPoint.objects.bulk_create(
        DataPoint(measure=link.measure, period=START + dt.timedelta(weeks=20 + i), value=v)
        for i, v in enumerate([9.6, 9.4] * 4)
    )


def test_no_organisation_page_writes_on_a_get(
    org: Organisation, staff_user: User, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    cycle, link = stable_then_lower(org, staff_user)
    add_points_behind_the_signals_back(link)
    project = cycle.idea.project
    pages = [
        "/o/riverside/",
        "/o/riverside/strategy/",
        "/o/riverside/projects/",
        "/o/riverside/projects/new/",
        "/o/riverside/projects/method/",
        "/o/riverside/projects/search/",
        "/o/riverside/measures/",
        "/o/riverside/measures/summary/",
        "/o/riverside/projects/settings/",
        project.get_absolute_url(),
        cycle.idea.get_absolute_url(),
        cycle.get_absolute_url(),
    ]
    client = client_for(coach_user)
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200, page
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == [], page
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.TOO_FEW  # stale, until the repair


def test_the_repair_command_recomputes_stale_verdicts_once(
    org: Organisation, staff_user: User
) -> None:
    _, link = stable_then_lower(org, staff_user)
    add_points_behind_the_signals_back(link)
    out = StringIO()
    call_command("verdicts_repair", stdout=out)
    assert out.getvalue().strip() == "1 projects checked; 1 verdicts changed"
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED
    out = StringIO()
    call_command("verdicts_repair", "--org", "riverside", stdout=out)
    assert out.getvalue().strip() == "1 projects checked; 0 verdicts changed"


def test_the_repair_can_be_limited_to_one_organisation(org: Organisation, staff_user: User) -> None:
    _, link = stable_then_lower(org, staff_user)
    add_points_behind_the_signals_back(link)
    call_command("verdicts_repair", "--org", "hillside", stdout=StringIO())
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.TOO_FEW


def test_a_new_organisation_has_its_methods_before_any_page_is_read(db: None) -> None:
    organisation = Organisation.objects.create(name="Northside", slug="northside")
    assert ImprovementMethod.objects.filter(organisation=organisation, is_current=True).exists()
    assert organisation.project_statuses.exists()


@pytest.mark.django_db
def test_the_defaults_command_completes_older_organisations() -> None:
    organisation = Organisation.objects.create(name="Northside", slug="northside")
    ImprovementMethod.objects.filter(organisation=organisation).delete()
    organisation.project_statuses.all().delete()
    out = StringIO()
    call_command("install_defaults", stdout=out)
    assert "Defaults in place for 1 organisations" in out.getvalue()
    assert ImprovementMethod.objects.filter(organisation=organisation, is_current=True).exists()
    assert organisation.project_statuses.exists()

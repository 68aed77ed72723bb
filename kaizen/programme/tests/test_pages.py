"""The umbrella and programme-health pages: every member reads them, another organisation's
are unreachable, and the gaps are named."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.impact import services as impact_services
from kaizen.measures.models import Measure
from kaizen.programme.models import PriorityMeasure
from kaizen.programme.services import indicators_refresh
from kaizen.projects import services as project_services
from kaizen.strategy.models import StrategicPriority
from kaizen.testing import make_idea, make_measure, make_project

ClientFor = Callable[[User], Client]
UMBRELLA = "/o/riverside/programme/"
INDICATORS = "/o/riverside/programme/indicators/"
CHART = re.compile(r"/measures/\d+/")


def test_the_umbrella_puts_work_under_its_priority_and_names_the_gaps(
    org: Organisation, leader_user: User, staff_user: User, client_for: ClientFor
) -> None:
    harm = StrategicPriority.objects.create(organisation=org, name="No avoidable harm")
    StrategicPriority.objects.create(organisation=org, name="No waits")
    make_idea(make_project(org, leader_user, title="Fewer falls", priority=harm), leader_user)
    make_project(org, leader_user, title="Tidy the sluice")
    page = client_for(staff_user).get(UMBRELLA).content.decode()
    assert page.index("No avoidable harm") < page.index("Fewer falls")
    assert "1 change idea" in page
    assert "No active work serves “No waits”" in page
    assert "1 project aligned to no priority" in page


def test_the_umbrella_totals_the_impact_counted_towards_each_priority(
    org: Organisation,
    other_org: Organisation,
    leader_user: User,
    outsider: User,
    staff_user: User,
    client_for: ClientFor,
) -> None:
    harm = StrategicPriority.objects.create(organisation=org, name="No avoidable harm")
    aligned = make_project(org, leader_user, title="Fewer falls", priority=harm)
    loose = make_project(org, leader_user, title="Tidy the sluice")
    theirs = make_project(other_org, outsider, title="Theirs")
    values = {
        "kind": "money",
        "amount": Decimal("38500"),
        "amount_unit": "£",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 3, 31),
    }
    for project, amount in (
        (aligned, "38500"),
        (make_idea(aligned, leader_user), "1500"),
        (loose, "200"),
    ):
        impact_services.entry_add(
            organisation=org,
            target=project,
            by=leader_user,
            url="/",
            values={**values, "amount": Decimal(amount)},
        )
    impact_services.entry_add(
        organisation=other_org,
        target=theirs,
        by=outsider,
        url="/",
        values={**values, "amount": Decimal("999")},
    )
    page = client_for(staff_user).get(UMBRELLA).content.decode()
    harm_part, loose_part = page.split("Aligned to no priority</h2>")
    # A change idea's impact counts where its project does; another organisation's not at all.
    assert "40,000 £</strong> (estimated)" in harm_part
    assert "200 £</strong> (estimated)" in loose_part and "999" not in page


def test_the_indicators_page_shows_each_definition_and_refreshes(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    assert not CHART.search(client.get(INDICATORS).content.decode())
    response = client.post(INDICATORS + "refresh/")
    assert response["Location"] == INDICATORS
    page = client.get(INDICATORS).content.decode()
    assert "Operational definition" in page
    # Counts chart an empty month as zero; shares wait for something to divide by.
    assert CHART.search(page)
    assert "Nothing to count yet" in page


def test_another_organisations_programme_is_unreachable(
    org: Organisation, other_org: Organisation, outsider: User, client_for: ClientFor
) -> None:
    indicators_refresh(organisation=org)
    client = client_for(outsider)
    for url in (UMBRELLA, INDICATORS):
        assert client.get(url).status_code == 404
    assert client.post(INDICATORS + "refresh/").status_code == 404


def test_a_computed_measures_page_offers_no_editing(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    indicators_refresh(organisation=org)
    measure = Measure.objects.exclude(computed="").first()
    assert measure is not None
    client = client_for(leader_user)
    page = client.get(f"/o/riverside/measures/{measure.pk}/").content.decode()
    assert "computes this measure" in page
    assert "Change the definition" not in page
    for url in (
        f"measures/{measure.pk}/edit/",
        f"measures/{measure.pk}/data/",
        f"imports/measures/{measure.pk}/",
    ):
        response = client.post(f"/o/riverside/{url}", {"name": "Mine"})
        assert response.status_code == 403
        assert "computed by Kaizen" in response.content.decode()


def test_a_leader_shows_a_priority_by_up_to_three_of_its_measures(
    org: Organisation,
    other_org: Organisation,
    leader_user: User,
    staff_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    harm = StrategicPriority.objects.create(organisation=org, name="No avoidable harm")
    measures = [make_measure(org, [1, 2, 3], by=leader_user, name=f"M{n}") for n in range(4)]
    foreign = make_measure(other_org, [1], by=outsider, name="Theirs")
    client = client_for(leader_user)
    for measure in measures[:3]:
        response = client.post(UMBRELLA, {"priority": harm.pk, "measure": measure.pk})
        assert response.status_code == 302
    page = client.post(UMBRELLA, {"priority": harm.pk, "measure": measures[3].pk})
    assert "already has 3 measures" in page.content.decode()
    page = client.post(UMBRELLA, {"priority": harm.pk, "measure": foreign.pk})
    assert "Select a valid choice" in page.content.decode()
    assert PriorityMeasure.objects.count() == 3
    assert client_for(staff_user).post(UMBRELLA, {}).status_code == 403
    shown = client_for(staff_user).get(UMBRELLA).content.decode()
    assert all(f"M{n}" in shown for n in range(3))


def test_the_learning_library_shows_failures_as_plainly_and_searches(
    org: Organisation,
    other_org: Organisation,
    leader_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    from kaizen.projects.models import PDSACycle
    from kaizen.testing import make_cycle

    idea = make_idea(make_project(org, leader_user), leader_user)
    worked = make_cycle(idea, leader_user, title="Hourly rounding")
    failed = make_cycle(idea, leader_user, title="Bed alarms")
    theirs = make_cycle(
        make_idea(make_project(other_org, outsider), outsider), outsider, title="Their secret test"
    )
    for cycle, decision, learned in (
        (worked, "adopt", "Rounding works"),
        (failed, "abandon", "Alarms woke everyone"),
        (theirs, "adopt", "Secret"),
    ):
        PDSACycle.objects.filter(pk=cycle.pk).update(
            closed_on="2024-05-01", decision=decision, learned=learned
        )
    client = client_for(leader_user)
    page = client.get("/o/riverside/programme/learning/").content.decode()
    assert "Did not work: abandoned" in page and "Alarms woke everyone" in page
    assert "Worked: adopted" in page and "Their secret test" not in page
    page = client.get("/o/riverside/programme/learning/?outcome=abandon").content.decode()
    assert "Bed alarms" in page and "Hourly rounding" not in page
    page = client.get("/o/riverside/programme/learning/?q=hourly").content.decode()
    assert "Hourly rounding" in page and "Bed alarms" not in page
    assert client_for(outsider).get("/o/riverside/programme/learning/").status_code == 404


def test_the_learning_library_searches_by_programme_method_tool_and_verdict(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    from kaizen.projects.models import MeasureLink, PDSACycle
    from kaizen.strategy.models import ProgrammeTag
    from kaizen.testing import make_cycle

    girft = ProgrammeTag.objects.create(organisation=org, name="GIRFT")
    tagged = make_project(org, leader_user, title="Tagged")
    tagged.tags.add(girft)
    rounding = make_cycle(make_idea(tagged, leader_user), leader_user, title="Hourly rounding")
    alarms = make_cycle(
        make_idea(make_project(org, leader_user), leader_user), leader_user, title="Bed alarms"
    )
    PDSACycle.objects.update(closed_on="2024-05-01", decision="adopt", learned="Learned")
    measure = make_measure(org, [1, 2, 3], by=leader_user)
    link = project_services.measure_link_add(
        project=alarms.idea.project,
        measure=measure,
        by=leader_user,
        cycle=alarms,
        direction="decrease",
    )
    MeasureLink.objects.filter(pk=link.pk).update(verdict=MeasureLink.Verdict.AGAINST)
    client = client_for(leader_user)

    def found(query: str) -> set[str]:
        page = client.get(f"/o/riverside/programme/learning/?{query}").content.decode()
        return {cycle.title for cycle in (rounding, alarms) if cycle.title in page}

    assert found(f"programme={girft.pk}") == {"Hourly rounding"}
    assert found("verdict=against") == {"Bed alarms"}
    assert found("verdict=as_predicted") == set()
    # Both projects use the Model for Improvement: PDSA cycles, not value-stream maps.
    assert found("tool=pdsa") == {"Hourly rounding", "Bed alarms"}
    assert found("tool=value_stream_map") == set()


def test_the_board_report_regenerates_a_past_month_and_its_pdf(
    org: Organisation,
    leader_user: User,
    staff_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    from kaizen.projects.models import PDSACycle
    from kaizen.testing import make_cycle

    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    earlier = (last_month - dt.timedelta(days=1)).replace(day=1)
    idea = make_idea(make_project(org, leader_user), leader_user)
    for title, closed in (("Earlier test", earlier), ("Recent test", last_month)):
        cycle = make_cycle(idea, leader_user, title=title)
        PDSACycle.objects.filter(pk=cycle.pk).update(
            started_on=closed, closed_on=closed, decision="abandon", learned="Too few staff"
        )
    indicators_refresh(organisation=org)
    client = client_for(staff_user)
    page = client.get("/o/riverside/programme/report/").content.decode()
    assert "Recent test" in page and "Earlier test" not in page
    assert "PDSA cycles started: 1" in page
    page = client.get(f"/o/riverside/programme/report/?month={earlier:%Y-%m}").content.decode()
    assert "Earlier test" in page and "Recent test" not in page
    pdf = client.get(f"/o/riverside/programme/report.pdf?month={earlier:%Y-%m}")
    assert pdf.content.startswith(b"%PDF")
    assert client_for(outsider).get("/o/riverside/programme/report.pdf").status_code == 404

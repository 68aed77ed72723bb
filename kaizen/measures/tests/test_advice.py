"""The chart advisor on the measure's page: a suggestion accepted (audited) or dismissed
(remembered), never applied silently."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.measures.models import Measure
from kaizen.testing import make_measure

ClientFor = Callable[[User], Client]
RARE = [0.0] * 20 + [1, 0, 2, 0]


def detail(client: Client, measure: Measure) -> str:
    url = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    return client.get(url).content.decode()


def act(client: Client, measure: Measure, action: str, kind: str = "rare_events") -> None:
    url = reverse(
        "measures:measure_advice", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    assert client.post(url, {"action": action, "kind": kind}).status_code == 302


def test_rare_events_are_suggested_and_accepting_changes_the_chart(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, RARE, by=staff_user, name="Never events", chart="c")
    client = client_for(staff_user)
    page = detail(client, measure)
    assert "The chart advisor suggests" in page and "Use a G chart" in page
    assert measure.chart == "c"  # shown, not applied

    act(client, measure, "accept")

    measure.refresh_from_db()
    assert measure.chart == "g"
    assert AuditEvent.objects.filter(summary__startswith="Changed chart").exists()


def test_a_dismissed_suggestion_stays_away(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, RARE, by=staff_user, name="Never events", chart="c")
    client = client_for(staff_user)
    act(client, measure, "dismiss")

    measure.refresh_from_db()
    assert measure.chart == "c" and measure.dismissed_advice == ["c:rare_events"]
    assert "The chart advisor suggests" not in detail(client, measure)
    assert AuditEvent.objects.filter(summary__startswith="Dismissed").exists()


def test_advice_that_no_longer_applies_changes_nothing(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, [5, 6] * 12, by=staff_user, name="Steady", chart="xmr")
    act(client_for(staff_user), measure, "accept")
    measure.refresh_from_db()
    assert measure.chart == "xmr"

"""The demo network: three organisations, a package adopted twice (it worked at one partner and
not at the other), the trust's projects, a story and an event's report in the open library
(naming only those who agreed, patient partners never), a measure compared across the three."""

from __future__ import annotations

import pytest

from kaizen.audit.models import AuditEvent
from kaizen.demo.loader import load_demo
from kaizen.network.adoption import spread
from kaizen.network.comparison import network_funnel
from kaizen.network.models import (
    ChangePackage,
    Network,
    NetworkInvitation,
    NetworkMeasure,
    SharedItem,
)

pytestmark = pytest.mark.django_db


def test_the_demo_network_shows_a_change_that_worked_in_one_place_and_not_another() -> None:
    demo = load_demo()
    load_demo()  # run twice, it changes nothing
    network = Network.objects.get(organisations=demo.organisation)
    assert network.organisations.count() == 3
    package = ChangePackage.objects.get()
    assert package.current().ideas[0]["verdicts"]
    outcomes = {row.organisation: row.outcome for row in spread(package.adoptions.all())}
    assert outcomes == {
        "Brookfield Community Health (demo)": "worked",
        "Ashby General Hospital (demo)": "did_not_work",
    }
    assert SharedItem.objects.public().exists()
    shared = NetworkMeasure.objects.get(network=network)
    assert shared.shares.count() == 3
    plot = network_funnel(shared)
    assert plot is not None and len(plot.organisations) == 3


def test_the_demo_library_holds_a_story_and_an_event_report_naming_only_the_willing() -> None:
    load_demo()
    public = SharedItem.objects.public()
    kinds = set(public.values_list("kind", flat=True))
    assert {SharedItem.Kind.STORY, SharedItem.Kind.EVENT, SharedItem.Kind.PROJECT} <= kinds
    everything = " ".join(str(item.snapshot) for item in public)
    assert "Priya Shah" in everything  # the demo's coach agreed to be named
    for never in ("Margaret Ellis", "John Reid", "Helen Price"):
        assert never not in everything


def test_the_demo_has_two_networks_and_an_invitation_for_the_trusts_admins_to_answer() -> None:
    demo = load_demo()
    load_demo()
    ics = Network.objects.get(organisations=demo.organisation)
    assert ics.kind == Network.Kind.ICS
    collaborative = Network.objects.get(kind=Network.Kind.COLLABORATIVE)
    assert collaborative.organisations.count() == 2 and collaborative.coordinators.exists()
    waiting = NetworkInvitation.objects.get(organisation=demo.organisation, status="pending")
    assert waiting.network == collaborative
    # Every member joined by accepting an invitation, on the audit trail.
    joins = AuditEvent.objects.filter(action=AuditEvent.Action.JOIN)
    assert joins.count() == ics.organisations.count() + collaborative.organisations.count()

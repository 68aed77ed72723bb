"""The chart advisor in the board summary: each measure's suggestions, stored with its headline
when its chart is refreshed (one by one or in a batch), answered there by whoever may change the
measure, and gone once accepted or dismissed."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.measures.batch_refresh import measures_refresh
from kaizen.measures.models import Measure
from kaizen.measures.tests.test_advice import RARE
from kaizen.testing import make_measure

ClientFor = Callable[[User], Client]


def summary(client: Client, org: Organisation) -> str:
    page = client.get(reverse("measures:board_summary", kwargs={"org": org.slug}))
    assert page.status_code == 200
    return page.content.decode()


def answer(client: Client, measure: Measure, action: str) -> str:
    url = reverse(
        "measures:measure_advice", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.post(url, {"action": action, "kind": "rare_events", "from": "summary"})
    assert response.status_code == 302
    return str(response["Location"])


def test_the_summary_suggests_and_the_owner_accepts_there(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    rare = make_measure(org, RARE, by=staff_user, name="Never events", chart="c", on_board=True)
    make_measure(org, [5, 6] * 12, by=staff_user, name="Steady", chart="xmr", on_board=True)
    client = client_for(staff_user)

    page = summary(client, org)
    assert page.count("Chart advice") == 1  # the steady measure has none
    assert "22 of the 24 points are zero" in page and "Use a G chart" not in page
    rare.refresh_from_db()
    assert rare.chart == "c"  # shown, never applied unasked

    # A measure on the board's report is changed by coaches and admins only.
    assert (
        client.post(
            reverse("measures:measure_advice", kwargs={"org": org.slug, "pk": rare.pk}),
            {"action": "accept", "kind": "rare_events", "from": "summary"},
        ).status_code
        == 403
    )


def test_an_admin_accepts_or_dismisses_from_the_summary(
    org: Organisation, staff_user: User, admin_user: User, client_for: ClientFor
) -> None:
    accepted = make_measure(org, RARE, by=staff_user, name="Never events", chart="c", on_board=True)
    dismissed = make_measure(org, RARE, by=staff_user, name="Falls", chart="c", on_board=True)
    client = client_for(admin_user)
    page = summary(client, org)
    assert page.count("Use a G chart") == 2

    back = answer(client, accepted, "accept")
    assert back == reverse("measures:board_summary", kwargs={"org": org.slug})
    answer(client, dismissed, "dismiss")

    accepted.refresh_from_db()
    dismissed.refresh_from_db()
    assert (accepted.chart, dismissed.chart) == ("g", "c")
    assert dismissed.dismissed_advice == ["c:rare_events"]
    assert "Chart advice" not in summary(client, org)


def test_a_batch_refresh_stores_the_advice_a_single_refresh_does(
    org: Organisation, staff_user: User
) -> None:
    rare = make_measure(org, RARE, by=staff_user, name="Never events", chart="c")
    few = make_measure(org, [3, 4, 5], by=staff_user, name="New measure", chart="xmr")
    one_by_one = {m.pk: m.spc_headline["advice"] for m in (rare, few)}
    assert [a["kind"] for a in one_by_one[rare.pk]] == ["rare_events"]
    assert [a["kind"] for a in one_by_one[few.pk]] == ["too_few_points"]

    measures = list(Measure.objects.filter(pk__in=one_by_one).order_by("pk"))
    measures_refresh(measures=measures)

    assert {m.pk: m.spc_headline["advice"] for m in measures} == one_by_one

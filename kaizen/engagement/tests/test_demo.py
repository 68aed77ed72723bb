"""The demo trust's engagement: every feature has something real in it."""

from __future__ import annotations

import datetime as dt

import pytest

from kaizen.accounts.models import Membership
from kaizen.demo.loader import load_demo
from kaizen.engagement.following import followed_by_member
from kaizen.engagement.models import (
    Acknowledgement,
    CompactVersion,
    Newsletter,
    Round,
    Story,
    Thanks,
    Visit,
)
from kaizen.measures.models import Measure

pytestmark = pytest.mark.django_db


def test_the_demo_trust_has_every_part_of_engagement() -> None:
    organisation = load_demo(as_of=dt.date(2025, 6, 18)).organisation
    assert Round.objects.filter(organisation=organisation, answered_at__isnull=False).count() == 2
    assert CompactVersion.objects.filter(compact__organisation=organisation).count() == 2
    assert Acknowledgement.objects.filter(version__compact__organisation=organisation).exists()
    visits = Visit.objects.filter(organisation=organisation)
    assert visits.count() > 100 and visits.filter(idea__isnull=False).count() >= 5
    assert Thanks.objects.filter(organisation=organisation).count() >= 20
    assert Story.objects.filter(organisation=organisation, photos__isnull=False).count() == 12
    issues = Newsletter.objects.filter(organisation=organisation, published_at__isnull=False)
    assert issues.count() >= 40
    # Members follow their directorates, and the news carries the units that put it first.
    follows = followed_by_member(organisation)
    assert len(follows) >= Membership.objects.filter(unit__isnull=False).count() > 0
    assert any(item.get("unit_id") for issue in issues for item in issue.items)
    for key in ("leader-visits", "concerns-answered-on-time", "thanks-sent"):
        assert Measure.objects.filter(organisation=organisation, computed=key).exists(), key

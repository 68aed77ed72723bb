"""The demo organisation: complete, plausible, seeded, and unchanged by loading it again."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import QuerySet

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.demo.catalogue import DEMO_PASSWORD, MEASURES, TRUST_SLUG
from kaizen.demo.loader import load_demo
from kaizen.demo.series import Pattern, expected_levels, periods_before
from kaizen.measures.models import Annotation, DataPoint, Measure

AS_OF = dt.date(2025, 6, 18)  # a Wednesday: data end on Sunday 15 June


def catalogue_points() -> QuerySet[DataPoint]:
    names = [measure.name for measure in MEASURES]
    return DataPoint.objects.filter(measure__organisation__slug=TRUST_SLUG, measure__name__in=names)


def demo_data() -> list[tuple[str, dt.date, float | None, float | None, float | None]]:
    return list(
        catalogue_points()
        .order_by("measure__name", "period")
        .values_list("measure__name", "period", "value", "numerator", "denominator")
    )


@pytest.mark.django_db
def test_it_builds_a_trust_with_people_in_every_role_and_measures_of_every_kind() -> None:
    load_demo(as_of=AS_OF)

    trust = Organisation.objects.get(slug=TRUST_SLUG)
    kinds = set(OrgUnit.objects.filter(organisation=trust).values_list("kind", flat=True))
    assert {"division", "directorate", "ward", "team"} <= kinds
    assert trust.value_streams.count() >= 3
    for role in Role:
        members = Membership.objects.filter(organisation=trust, role=role)
        assert members.count() >= 2, role
        assert members.first().user.check_password(DEMO_PASSWORD)  # type: ignore[union-attr]

    measures = Measure.objects.filter(organisation=trust)
    assert measures.count() >= 30
    assert {"xmr", "p", "u", "c", "run"} <= set(measures.values_list("chart", flat=True))
    assert {"daily", "weekly", "monthly"} <= set(measures.values_list("frequency", flat=True))
    assert measures.exclude(target=None).count() >= 5
    assert Annotation.objects.filter(measure__organisation=trust, starts_segment=True).count() >= 5
    # Every chart was refreshed after its data arrived, and a few show special causes.
    assert all(m.has_current_snapshot() and m.spc_snapshot["points"] for m in measures)
    icons = [m.spc_snapshot["summary"]["variation_icon"] for m in measures]
    assert sum(icon != "common_cause" for icon in icons) >= 3
    assert catalogue_points().latest("period").period < AS_OF


@pytest.mark.django_db
def test_it_changes_nothing_when_loaded_again() -> None:
    load_demo(as_of=AS_OF)
    before = demo_data()
    versions = dict(Measure.objects.values_list("name", "data_version"))
    events = AuditEvent.objects.count()

    load_demo(as_of=AS_OF + dt.timedelta(days=2))  # same week

    assert demo_data() == before
    assert dict(Measure.objects.values_list("name", "data_version")) == versions
    assert AuditEvent.objects.count() == events
    assert User.objects.filter(email__endswith="@demo.kaizen.test").count() == 14


@pytest.mark.django_db
def test_it_generates_the_same_figures_every_time() -> None:
    load_demo(as_of=AS_OF)
    first = demo_data()
    catalogue_points().delete()

    load_demo(as_of=AS_OF)

    assert demo_data() == first


@pytest.mark.django_db
def test_it_prints_how_to_sign_in() -> None:
    output = io.StringIO()
    call_command("load_demo", "--as-of", AS_OF.isoformat(), stdout=output)
    text = output.getvalue()
    assert f"with the password {DEMO_PASSWORD}" in text
    assert "Sign in at http" in text
    assert "coach@demo.kaizen.test" in text
    assert "board@demo.kaizen.test" in text


def test_it_places_a_step_change_and_winter_pressure_where_asked() -> None:
    periods = periods_before(AS_OF, "monthly", 24)
    assert periods[0] == dt.date(2023, 6, 1)
    assert periods[-1] == dt.date(2025, 5, 1)
    levels = expected_levels(Pattern(0.7, shift_at=0.5, shift_by=0.1), periods)
    assert levels[:11].tolist() == pytest.approx([0.7] * 11)
    assert levels[12:].tolist() == pytest.approx([0.8] * 12)
    winter = expected_levels(Pattern(100, winter=0.2), periods)
    january = periods.index(dt.date(2024, 1, 1))
    july = periods.index(dt.date(2024, 7, 1))
    assert winter[january] == pytest.approx(120)
    assert winter[july] == pytest.approx(100)


def test_it_ends_weekly_and_daily_series_before_the_current_week() -> None:
    assert periods_before(AS_OF, "weekly", 3) == [
        dt.date(2025, 5, 26),
        dt.date(2025, 6, 2),
        dt.date(2025, 6, 9),
    ]
    assert periods_before(dt.date(2025, 6, 16), "daily", 2) == [
        dt.date(2025, 6, 14),
        dt.date(2025, 6, 15),
    ]

"""Loading the demo organisation: idempotent, so `make run` can call it every time.

Everything is looked up before it is created, and the data go through the same write path as
an upload, which stores only what differs: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User, ValueStream
from kaizen.demo.catalogue import (
    DEMO_PASSWORD,
    HIERARCHY,
    MEASURES,
    PEOPLE,
    TRUST_NAME,
    TRUST_SLUG,
    VALUE_STREAMS,
    DemoMeasure,
    event_period,
)
from kaizen.demo.series import generate, periods_before
from kaizen.imports.checks import Row
from kaizen.imports.services import import_rows
from kaizen.measures.models import Annotation, Measure
from kaizen.measures.services import annotation_add
from kaizen.registry import demo_loaders

# Changing the seed changes every demo figure; tests pin their expectations to it.
SEED = 20240401


@dataclass
class Demo:
    """What the loader made."""

    organisation: Organisation
    as_of: dt.date
    units: dict[str, OrgUnit]
    value_streams: dict[str, ValueStream]
    people: dict[str, User]  # by email address
    measures: dict[str, Measure]  # by name
    new_points: int = 0

    def person(self, role: str) -> User:
        """The first demo person with ``role``, the one whose address is printed."""
        email = next(person.email for person in PEOPLE if person.role == role)
        return self.people[email]


def load_demo(*, as_of: dt.date | None = None) -> Demo:
    """Create or complete the demo organisation, with data up to the week before ``as_of``."""
    as_of = as_of or timezone.localdate()
    # Data end at the start of this week, so reloading on another day of it changes nothing.
    as_of -= dt.timedelta(days=as_of.weekday())
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            slug=TRUST_SLUG,
            defaults={"name": TRUST_NAME, "kind": Organisation.Kind.TRUST},
        )
        units = _units(organisation)
        demo = Demo(
            organisation=organisation,
            as_of=as_of,
            units=units,
            value_streams=_value_streams(organisation),
            people=_people(organisation, units),
            measures={},
        )
        demo.measures = _measures(demo)
        demo.new_points = _data(demo)
        # Each app adds its part (the strategy, projects linked to the measures...), declared
        # on its AppConfig.
        for load in demo_loaders():
            load(organisation)
    return demo


def _units(organisation: Organisation) -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}

    def unit(name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
        units[name], _ = OrgUnit.objects.get_or_create(
            organisation=organisation, parent=parent, name=name, defaults={"kind": kind}
        )
        return units[name]

    for division, directorates in HIERARCHY.items():
        division_unit = unit(division, OrgUnit.Kind.DIVISION, None)
        for directorate, teams in directorates.items():
            directorate_unit = unit(directorate, OrgUnit.Kind.DIRECTORATE, division_unit)
            for team in teams:
                kind = OrgUnit.Kind.WARD if team.endswith("Ward") else OrgUnit.Kind.TEAM
                unit(team, kind, directorate_unit)
    return units


def _value_streams(organisation: Organisation) -> dict[str, ValueStream]:
    return {
        name: ValueStream.objects.get_or_create(
            organisation=organisation, name=name, defaults={"description": description}
        )[0]
        for name, description in VALUE_STREAMS.items()
    }


def _people(organisation: Organisation, units: dict[str, OrgUnit]) -> dict[str, User]:
    people = {}
    password = ""
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            # Hashing is slow on purpose; the demo's people share one password: hash it once.
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                email=person.email, full_name=person.full_name, password=password
            )
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": person.role, "unit": units.get(person.unit or "")},
        )
        people[person.email] = user
    return people


def _measures(demo: Demo) -> dict[str, Measure]:
    existing = {m.name: m for m in Measure.objects.for_organisation(demo.organisation)}
    owner = demo.person("coach")
    measures = {}
    for spec in MEASURES:
        measure = existing.get(spec.name)
        if measure is None:
            measure = Measure.objects.create(
                organisation=demo.organisation,
                owner=owner,
                unit=demo.units[spec.unit],
                value_stream=demo.value_streams.get(spec.value_stream or ""),
                # The trust's outcomes are what its board reads (and guards).
                on_board=spec.kind == "outcome",
                **_definition(spec),
            )
        measures[spec.name] = measure
    return measures


def _definition(spec: DemoMeasure) -> dict[str, object]:
    return {
        "name": spec.name,
        "chart": spec.chart,
        "frequency": spec.frequency,
        "improvement": spec.improvement,
        "kind": spec.kind,
        "unit_label": spec.unit_label,
        "multiplier": spec.multiplier,
        "target": spec.target,
        "description": spec.description,
        "numerator_definition": spec.numerator_definition,
        "denominator_definition": spec.denominator_definition,
        "data_source": "Demo data generated by Kaizen; not real patients or a real trust.",
    }


def _data(demo: Demo) -> int:
    """Annotate, then store every measure's series in one import (one chart refresh each)."""
    rows = []
    for spec in MEASURES:
        measure = demo.measures[spec.name]
        periods = periods_before(demo.as_of, spec.frequency, spec.periods)
        _annotate(measure, spec, periods)
        # A seed per measure, from its name: adding a measure leaves the others' data alone.
        rng = np.random.default_rng([SEED, zlib.crc32(spec.name.encode())])
        for point in generate(spec.chart, spec.pattern, periods, rng):
            rows.append(
                Row(
                    0, measure.pk, point.period, point.value, point.numerator, point.denominator, ""
                )
            )
    changes = import_rows(rows, organisation=demo.organisation, by=None, source="the demo data")
    return changes.new


def _annotate(measure: Measure, spec: DemoMeasure, periods: list[dt.date]) -> None:
    for event in spec.events:
        period = event_period(event, periods)
        if not Annotation.objects.filter(measure=measure, text=event.text).exists():
            annotation_add(
                measure=measure,
                period=period,
                text=event.text,
                starts_segment=event.starts_segment,
                by=None,
            )

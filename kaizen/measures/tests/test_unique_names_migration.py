"""Measures that shared a name before names were unique are kept, renamed and reported."""

from __future__ import annotations

import pytest

from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent
from kaizen.measures.models import Measure
from kaizen.testing import Migrator

BEFORE = [("measures", "0009_measure_computed")]
AFTER = [("measures", "0010_owners_board_unique_names")]


@pytest.mark.django_db(transaction=True)
def test_duplicates_are_renamed_and_reported_not_lost(
    migrator: Migrator, org: Organisation
) -> None:
    old = migrator(BEFORE).loader.project_state(BEFORE).apps.get_model("measures", "Measure")
    for name in ("Falls", "falls", "Falls", "Pressure ulcers"):
        old.objects.create(organisation_id=org.pk, name=name)

    migrator(AFTER)

    names = set(Measure.objects.values_list("name", flat=True))
    assert names == {"Falls", "falls (duplicate 2)", "Falls (duplicate 3)", "Pressure ulcers"}
    assert AuditEvent.objects.filter(target_type="measures.measure").count() == 2
    assert all("names are unique now" in e.summary for e in AuditEvent.objects.all())

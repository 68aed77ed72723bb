"""Measures with data, for the measures app's tests."""

from __future__ import annotations

import functools

import pytest

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Measure
from kaizen.testing import STEP_VALUES, MeasureFactory
from kaizen.testing import make_measure as build_measure


@pytest.fixture
def make_measure(staff_user: User) -> MeasureFactory:
    """``kaizen.testing.make_measure`` with ``staff_user`` as its creator and owner, in %."""
    return functools.partial(build_measure, by=staff_user, owner=staff_user, unit_label="%")


@pytest.fixture
def measure(org: Organisation, make_measure: MeasureFactory) -> Measure:
    return make_measure(org, STEP_VALUES, target=85.0)

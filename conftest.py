"""Shared fixtures: two organisations and one member of ``org`` per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.test import Client
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.jinja2 import StrictOwnUndefined
from kaizen.testing import (
    Migrator,
    make_member,
    make_organisation,
    migrate_to,
    migrate_to_latest,
)


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns on every request until `collectstatic` has filled STATIC_ROOT; tests
    # serve assets through the finders instead, so the warning is noise here.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True, scope="session")
def strict_templates() -> None:
    # Pages render an undefined name as a blank (kaizen.jinja2); in tests one in our templates
    # is an error, so a typo fails the test that renders it instead of silently showing nothing.
    django_settings.STRICT_TEMPLATES = True
    engines["jinja2"].env.undefined = StrictOwnUndefined  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    # Production hashes with scrypt, deliberately slow; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def migrator(transactional_db: None) -> Iterator[Migrator]:
    """``migrate_to`` for a migration test. Afterwards, passed or failed, the database is at the
    latest migrations again: the next test on this worker would otherwise miss tables."""
    yield migrate_to
    migrate_to_latest()


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation()


@pytest.fixture
def other_org(db: None) -> Organisation:
    return make_organisation("Hillside Hospital", "hillside")


@pytest.fixture
def staff_user(org: Organisation) -> User:
    return make_member(org, Role.STAFF, "staff@riverside.example")


@pytest.fixture
def coach_user(org: Organisation) -> User:
    return make_member(org, Role.COACH, "coach@riverside.example")


@pytest.fixture
def leader_user(org: Organisation) -> User:
    return make_member(org, Role.LEADER, "leader@riverside.example")


@pytest.fixture
def board_user(org: Organisation) -> User:
    return make_member(org, Role.BOARD, "board@riverside.example")


@pytest.fixture
def patient_user(org: Organisation) -> User:
    return make_member(org, Role.PATIENT_PARTNER, "patient@riverside.example")


@pytest.fixture
def admin_user(org: Organisation) -> User:
    return make_member(org, Role.ADMIN, "admin@riverside.example")


@pytest.fixture
def outsider(other_org: Organisation) -> User:
    return make_member(other_org, Role.ADMIN, "admin@hillside.example")


@pytest.fixture
def member_for(org: Organisation) -> Callable[[Role], User]:
    """A new member of ``org`` with the given role, for tests parametrised over roles."""

    def make(role: Role) -> User:
        return make_member(org, role, f"{role.value}.member@riverside.example")

    return make


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    """A test client signed in as the given user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def immediate_tasks(settings: Settings) -> None:
    """Run background tasks (kaizen.activity.tasks) as they are enqueued, in the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

"""Builders for every app's tests and the browser journeys: one place, so twelve apps do not grow
twelve ways of making a measure.

Each builder goes through the app's service wherever one exists, so a test's data has the
audit events, activity and refreshed SPC snapshots that real use leaves behind. The exceptions
say why next to them. Fixtures stay in the conftest modules; tests import helpers from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.measures import services as measure_services
from kaizen.measures.models import DataPoint, Measure
from kaizen.projects import services as project_services
from kaizen.projects.models import ChangeIdea, DriverNode, PDSACycle, Project, TeamMember

if TYPE_CHECKING:
    from django.db.migrations.executor import MigrationExecutor

    # Only the browser tests install and drive Playwright; app tests never import it.
    from playwright.sync_api import Page

# Long enough for the password validators, so tests can also reuse it in forms.
PASSWORD = "correct-horse-battery-staple-42"

MeasureFactory = Callable[..., Measure]

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"

# A stable process for 15 months, then a sustained rise: an MDC shift and points above the limit.
STEP_VALUES = [80, 82, 79, 81, 80, 83, 78, 81, 80, 82, 79, 81, 80, 82, 79]
STEP_VALUES += [88, 89, 90, 88, 91, 89, 90, 92, 89]

# The definition of a ward's weekly falls rate, for measures that changes are judged against.
WEEKLY_FALLS: dict[str, Any] = {
    "name": "Falls per 1,000 bed days",
    "frequency": "weekly",
    "chart": "xmr",
    "improvement": "decrease",
}


def published_file(name: str) -> Path:
    """A published NHS England file from the shared data beside the checkout (a worktree sits
    one level deeper than the main checkout), or the test is skipped when they are absent."""
    import pytest

    for parent in Path(__file__).resolve().parents[1:4]:
        path = parent / "shared" / "data" / "nhs-england" / name
        if path.is_file():
            return path
    pytest.skip(f"{name} is not here (the shared NHS England data are absent)")


# People and organisations --------------------------------------------------------------------


def make_organisation(name: str = "Riverside NHS Trust", slug: str = "riverside") -> Organisation:
    # Not `create_organisation`: that service also invites a first admin by email, which would
    # put an invitation and a mail into every test that only needs an organisation.
    return Organisation.objects.create(name=name, slug=slug)


def make_member(organisation: Organisation, role: Role, email: str) -> User:
    # Membership has no service short of the invitation round trip (invite, mail, accept), which
    # the accounts tests exercise; everyone else needs a member, not the journey to one.
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_members(organisation: Organisation) -> dict[Role, User]:
    """One member of ``organisation`` per role, e.g. ``leader@<slug>.example``."""
    return {
        role: make_member(organisation, role, f"{role.value}@{organisation.slug}.example")
        for role in Role
    }


# Measures ------------------------------------------------------------------------------------


def months(count: int, start: dt.date = dt.date(2023, 1, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def periods(frequency: str, count: int, start: dt.date) -> list[dt.date]:
    """``count`` successive periods of ``frequency`` from ``start``."""
    if frequency == Measure.Frequency.MONTHLY:
        return months(count, start)
    if frequency == Measure.Frequency.QUARTERLY:
        return months(count * 3, start)[::3]
    if frequency == Measure.Frequency.YEARLY:
        return [start.replace(year=start.year + i) for i in range(count)]
    step = dt.timedelta(days=7 if frequency == Measure.Frequency.WEEKLY else 1)
    return [start + step * i for i in range(count)]


def make_measure(
    organisation: Organisation,
    values: Sequence[float | None] = (),
    *,
    by: User,
    start: dt.date = dt.date(2023, 1, 1),
    **fields: Any,
) -> Measure:
    """A measure created by ``by`` with one data point per value, one period apart from
    ``start``. The points are bulk-loaded and the chart refreshed once, as an upload does."""
    fields = {"name": "Patients seen within 4 hours", **fields}
    measure = measure_services.measure_create(organisation=organisation, by=by, **fields)
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=period, value=value)
        for period, value in zip(
            periods(measure.frequency, len(values), start), values, strict=True
        )
    )
    return measure_services.measure_refresh(measure=measure)


# Migrations ----------------------------------------------------------------------------------


def migrate_to(targets: list[tuple[str, str]]) -> MigrationExecutor:
    """Migrate the test database to ``targets``; the returned executor's loader has the
    historical models (``.loader.project_state(targets).apps``). Needs a transactional test."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


# A migration test's fixture: migrate_to, with the latest schema restored afterwards.
Migrator = Callable[[list[tuple[str, str]]], "MigrationExecutor"]


def migrate_to_latest() -> None:
    """Every app's latest migration again, as the rest of the suite expects to find it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# Projects ------------------------------------------------------------------------------------


def make_project(organisation: Organisation, by: User, **values: Any) -> Project:
    defaults = {"title": "Fewer falls", "problem": "Too many falls at night", "lead": by}
    return project_services.project_create(
        organisation=organisation, by=by, values={**defaults, **values}
    )


def make_team_member(
    project: Project, by: User, *, user: User | None = None, **values: Any
) -> TeamMember:
    member = TeamMember(user=user, **{"role": "Ward sister", **values})
    return project_services.team_member_add(project=project, by=by, member=member)


def make_driver(project: Project, text: str, parent: DriverNode | None = None) -> DriverNode:
    return project_services.driver_add(project=project, parent=parent, text=text)


def make_idea(project: Project, by: User, **values: Any) -> ChangeIdea:
    return project_services.idea_create(
        project=project, by=by, values={"title": "Intentional rounding", **values}
    )


def make_cycle(idea: ChangeIdea, by: User, **values: Any) -> PDSACycle:
    defaults = {
        "title": "Try on one bay for a week",
        "objective": "See whether hourly rounding is feasible",
        "prediction": "Falls at night will halve",
    }
    return project_services.cycle_create(idea=idea, by=by, values={**defaults, **values})


# Single sign-on ------------------------------------------------------------------------------


def use_oidc_provider(settings: Any, base: str) -> None:
    """Point single sign-on at an oidc-provider-mock server listening at ``base``."""
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "kaizen.accounts.oidc.VerifiedEmailBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "kaizen"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    # The mock signs with its one key and names no key id ("kid"); the signature is still
    # checked against that key. (Entra ID names its keys.)
    settings.OIDC_VERIFY_KID = False


# Browser journeys -----------------------------------------------------------------------------


def assert_accessible(page: Page) -> None:
    """Fail listing every axe-core violation on the current page (all of axe's rules)."""
    # Evaluated through the DevTools protocol: a <script> tag would be refused by a page's
    # Content-Security-Policy.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)


def assert_fits_width(page: Page) -> None:
    """Fail if the page scrolls sideways, once it has laid out: straight after a navigation or
    a resize a page may not have laid out at the new width yet, so the width is polled (for up
    to five seconds) rather than read once. A pixel over is sub-pixel rounding, not scrolling."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    fits = "document.documentElement.scrollWidth <= window.innerWidth + 1"
    try:
        page.wait_for_function(fits, timeout=5_000)
    except PlaywrightTimeoutError:
        wide, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        raise AssertionError(
            f"{page.url} scrolls sideways: {wide} px wide in a {window} px window"
        ) from None


def choose_file(page: Page, name: str, text: str) -> None:
    """Put a CSV file with ``text`` in the page's file input, as if a person had picked it."""
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )


def wait_for_chart(page: Page) -> None:
    """Wait until Chart.js has drawn the page's chart. Until the measure page has loaded (e.g.
    just after a click that navigates) Chart is not even defined, which must not end the wait."""
    page.wait_for_function(
        "() => typeof Chart !== 'undefined'"
        " && Chart.getChart(document.querySelector('canvas')) !== undefined"
    )

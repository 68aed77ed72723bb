"""What each Kaizen app adds to the whole, declared on its AppConfig: its entries in the
organisation's navigation, its panel on the organisation's home page, the defaults every
organisation gets, and its part of the demo trust.

An app subclasses KaizenAppConfig and fills the class attributes; nothing else needs editing
when an app arrives. A navigation entry naming a URL that does not exist fails the system check
(and the test that runs it), rather than silently dropping the link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import AppConfig, apps
from django.core import checks
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from kaizen.accounts.models import Organisation
    from kaizen.accounts.roles import Capability


# The header's sections: an entry in one is listed on that section's page and the header links
# the section once, so the header stays short however many apps arrive.
SECTIONS = {"improvement": "Improvement", "people": "People", "programme": "Programme"}


@dataclass(frozen=True)
class NavEntry:
    """A link in the organisation's navigation: shown to roles with ``capability``, at
    ``position`` (lowest first); ``also_current`` lists other sections below the organisation's
    home where the link shows as current. With a ``section`` (a key of SECTIONS) the entry is
    listed on that section's page instead of in the header."""

    text: str
    url_name: str
    capability: Capability
    position: int
    also_current: tuple[str, ...] = ()
    section: str = ""


@dataclass(frozen=True)
class NewsItem:
    """One line of the weekly newsletter, offered by an app's news source. The unit and value
    stream it is news of (their ids) put it first for the members who follow them."""

    section: str
    title: str
    text: str = ""
    url: str = ""
    unit_id: int | None = None
    value_stream_id: int | None = None


class KaizenAppConfig(AppConfig):
    """An AppConfig that declares the app's contributions. Callables are dotted paths, imported
    when used, so declaring them imports no models."""

    navigation: ClassVar[Sequence[NavEntry]] = ()
    # A template included in the organisation's home page (request is in its context).
    home_panel: ClassVar[str | None] = None
    # Called as data(request) for the home page: what the app's panel shows this person (their
    # projects, the measures needing their attention...), chosen by their role. The panel reads
    # it as home[<app label>].
    home_data: ClassVar[str | None] = None
    # Called as install(organisation=...) when an organisation is created; must be idempotent.
    org_defaults: ClassVar[str | None] = None
    # Called as load(organisation) by the demo loader, after the demo's people and measures.
    demo_loader: ClassVar[str | None] = None
    # Called as news(organisation=..., start=..., end=...) -> list[NewsItem]: the app's part of
    # the weekly newsletter (what happened from ``start`` up to ``end``, datetimes).
    news_source: ClassVar[str | None] = None
    # A sequence of kaizen.measures.computed.Indicator: the programme-health indicators this
    # app's records feed (the programme app stores and refreshes them as computed measures).
    indicators: ClassVar[str | None] = None


def kaizen_apps() -> list[KaizenAppConfig]:
    """The apps that declare contributions, in INSTALLED_APPS order (lower layers first)."""
    return [app for app in apps.get_app_configs() if isinstance(app, KaizenAppConfig)]


def navigation() -> list[NavEntry]:
    entries = [entry for app in kaizen_apps() for entry in app.navigation]
    return sorted(entries, key=lambda entry: entry.position)


def home_panels() -> list[str]:
    return [app.home_panel for app in kaizen_apps() if app.home_panel]


def home_data(request: Any) -> dict[str, Any]:
    """Every app's home-page data for ``request`` (an OrgRequest), by app label."""
    return {
        app.label: import_string(app.home_data)(request) for app in kaizen_apps() if app.home_data
    }


def _callables(attribute: str) -> list[Callable[..., Any]]:
    paths = [getattr(app, attribute) for app in kaizen_apps()]
    return [import_string(path) for path in paths if path]


def install_defaults(*, organisation: Organisation) -> None:
    """Give ``organisation`` every app's defaults (its methods, statuses, North Star...)."""
    for install in _callables("org_defaults"):
        install(organisation=organisation)


def news_sources() -> list[Callable[..., list[NewsItem]]]:
    return _callables("news_source")


def indicators() -> list[Any]:
    """Every app's programme indicators (kaizen.measures.computed.Indicator)."""
    paths = [app.indicators for app in kaizen_apps() if app.indicators]
    return [indicator for path in paths for indicator in import_string(path)]


def demo_loaders() -> list[Callable[[Organisation], object]]:
    return _callables("demo_loader")


@checks.register(checks.Tags.urls)
def check_navigation(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every navigation entry names a URL inside an organisation that exists."""
    errors: list[checks.CheckMessage] = []
    for entry in navigation():
        if entry.section and entry.section not in SECTIONS:
            errors.append(
                checks.Error(
                    f"The navigation entry “{entry.text}” names the section {entry.section!r}, "
                    f"which is not one of {sorted(SECTIONS)}.",
                    id="kaizen.E002",
                )
            )
        try:
            reverse(entry.url_name, kwargs={"org": "any"})
        except NoReverseMatch:
            errors.append(
                checks.Error(
                    f"The navigation entry “{entry.text}” names the URL {entry.url_name!r}, "
                    "which does not exist (or takes more than the organisation).",
                    id="kaizen.E001",
                )
            )
    return errors

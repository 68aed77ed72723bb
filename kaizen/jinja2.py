"""The Jinja2 environment: our templates first, then the NHS.UK design system's macros."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2.runtime
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django_htmx.jinja import django_htmx_script, htmx_script
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    select_autoescape,
)

from kaizen.registry import SECTIONS, home_data, home_panels, navigation

# Where Kaizen's own templates live (the NHS.UK macros are in site-packages), and the Jinja
# function that leaves out a macro's missing arguments, for StrictOwnUndefined.
OUR_TEMPLATES = str(Path(__file__).resolve().parent)
MACRO_MODULE = jinja2.runtime.__file__
MACRO_CALLS = {"__call__", "_invoke"}


class StrictOwnUndefined(ChainableUndefined):
    """Undefined that fails when one of Kaizen's own templates uses it, for tests (conftest.py).

    The NHS.UK frontend's macros, ported from Nunjucks, rely on undefined parameters being
    blank, so an undefined made inside them stays lenient; one made in our templates (a typo, a
    missing context variable) raises as jinja2.StrictUndefined would. ``is defined`` and the
    ``default`` filter still work, since they never use the value.
    """

    __slots__ = ("_ours",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ours = _made_in_our_template()

    def _strict(self) -> None:
        if self._ours:
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._strict()
        return super().__str__()

    def __iter__(self) -> Iterator[Any]:
        self._strict()
        return super().__iter__()

    def __bool__(self) -> bool:
        self._strict()
        return super().__bool__()

    def __len__(self) -> int:
        self._strict()
        return super().__len__()

    def __getattr__(self, name: str) -> Any:
        if name[:2] != "__":
            self._strict()
        return super().__getattr__(name)


def _made_in_our_template() -> bool:
    """Whether the innermost template running is one of ours rather than a package's."""
    frame = sys._getframe(2)
    # A macro argument left out (and `caller`) is undefined on purpose: macros test for them.
    if frame.f_code.co_name in MACRO_CALLS and frame.f_code.co_filename == MACRO_MODULE:
        return False
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith((".jinja", ".html", ".txt")):
            return filename.startswith(OUR_TEMPLATES)
        frame = frame.f_back  # type: ignore[assignment]
    return False


# Messages levels shown as a green success banner; the rest use the neutral "important" one.
SUCCESS_TAGS = {"success"}


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def org_nav(request: HttpRequest) -> list[dict[str, Any]]:
    """The header navigation for the current organisation, limited to what the role may use.

    Apps declare their entries on their AppConfigs (kaizen.registry), whose system check proves
    every URL name exists, so a mistyped one fails loudly instead of dropping the link.
    """
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if organisation is None or membership is None:
        return []
    home = reverse("organisation:org_home", args=[organisation.slug])
    items: dict[str, dict[str, Any]] = {}
    matches: dict[str, int] = {}
    for entry in navigation():
        if not membership.can(entry.capability):
            continue
        href = reverse(entry.url_name, kwargs={"org": organisation.slug})
        also = [home + section for section in entry.also_current]
        key, text = entry.url_name, entry.text
        if entry.section:
            # The header links the section's page; the section is current on any of its pages.
            also.append(href)
            key, text = entry.section, SECTIONS[entry.section]
            href = reverse(f"organisation:section_{entry.section}", args=[organisation.slug])
        items.setdefault(key, {"text": text, "href": href, "current": False})
        match = _match_length(request.path, items[key]["href"], also, home=home)
        matches[key] = max(matches.get(key, 0), match)
    # One link is current: the closest match, since one section's URL may begin with another's
    # (the board summary lives under the measures).
    best = max(matches.values(), default=0)
    if best:
        items[next(key for key, match in matches.items() if match == best)]["current"] = True
    return list(items.values())


def org_pages(request: HttpRequest) -> list[dict[str, str]]:
    """Every page the navigation offers this member, its own and its sections' alike, for the
    organisation's home page, which links each by its own name."""
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if organisation is None or membership is None:
        return []
    return [
        {
            "text": entry.text,
            "href": reverse(entry.url_name, kwargs={"org": organisation.slug}),
            "section": SECTIONS.get(entry.section, ""),
        }
        for entry in navigation()
        if membership.can(entry.capability)
    ]


def _match_length(path: str, href: str, also: list[str], *, home: str) -> int:
    """How much of ``path`` the link's URL (or one of its other sections) covers. Home's URL
    begins every page's, so it matches only itself."""
    if href == home:
        return len(home) if path == home else 0
    return max((len(prefix) for prefix in [href, *also] if path.startswith(prefix)), default=0)


def flash_messages(request: HttpRequest) -> list[dict[str, Any]]:
    """Pending messages as notification-banner parameters."""
    return [
        {
            "text": str(message),
            "variant": "success" if message.level_tag in SUCCESS_TAGS else None,
            "title": "Success" if message.level_tag in SUCCESS_TAGS else "Important",
        }
        for message in messages.get_messages(request)
    ]


def environment(**options: Any) -> Environment:
    # Django passes the loader it built from DIRS and app jinja2/ folders; chain the
    # nhsuk-frontend-jinja macros after it so our templates can override theirs.
    project_loader = options.pop("loader", None) or FileSystemLoader([])
    options["loader"] = ChoiceLoader([project_loader, PackageLoader("nhsuk_frontend_jinja")])
    # Pages render an undefined name as a blank; tests set STRICT_TEMPLATES (conftest.py) so a
    # typo in our templates fails. Read here, so an engine rebuilt mid-run (a test changing DEBUG
    # does that) stays strict.
    strict = getattr(settings, "STRICT_TEMPLATES", False)
    options["undefined"] = StrictOwnUndefined if strict else ChainableUndefined
    # Plain-text emails (*.txt) must not be HTML-escaped; everything else is.
    options["autoescape"] = select_autoescape(
        disabled_extensions=("txt",), default=True, default_for_string=True
    )
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "htmx_script": htmx_script,
            "django_htmx_script": django_htmx_script,
            "get_messages": messages.get_messages,
            "flash_messages": flash_messages,
            "org_nav": org_nav,
            "org_pages": org_pages,
            "home_panels": home_panels,
            "home_data": home_data,
            "csrf_token_for": get_token,
            "site_name": settings.SITE_NAME,
            # Read at each render, so that a test can turn single sign-on on.
            "single_sign_on": lambda: (
                settings.OIDC_PROVIDER_NAME if settings.OIDC_RP_CLIENT_ID else ""
            ),
            "localtime": timezone.localtime,
        }
    )
    return env

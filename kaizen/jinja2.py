"""The Jinja2 environment: our templates first, then the NHS.UK design system's macros."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django_htmx.jinja import django_htmx_script, htmx_script
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    # Django passes the loader it built from DIRS and app jinja2/ folders; chain the
    # nhsuk-frontend-jinja macros after it so our templates can override theirs.
    project_loader = options.pop("loader", None) or FileSystemLoader([])
    options["loader"] = ChoiceLoader([project_loader, PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "htmx_script": htmx_script,
            "django_htmx_script": django_htmx_script,
            "get_messages": messages.get_messages,
            "csrf_token_for": get_token,
            "site_name": settings.SITE_NAME,
        }
    )
    return env

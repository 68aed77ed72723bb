"""The structure every app relies on fails loudly: a navigation entry naming no URL, and a
template using a name it was never given."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.template import engines
from django.urls import URLResolver, get_resolver
from jinja2 import Template, UndefinedError

from kaizen import registry
from kaizen.accounts.roles import Capability
from kaizen.jinja2 import OUR_TEMPLATES, StrictOwnUndefined


def test_every_navigation_entry_names_a_url() -> None:
    assert registry.check_navigation() == []
    assert [entry.url_name for entry in registry.navigation()][:2] == [
        "organisation:org_home",
        "measures:measure_list",
    ]


def test_a_mistyped_url_name_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    typo = registry.NavEntry("Projects", "project_lst", Capability.VIEW, position=30)
    monkeypatch.setattr(registry, "navigation", lambda: [typo])
    errors = registry.check_navigation()
    assert [error.id for error in errors] == ["kaizen.E001"]
    assert "'project_lst'" in errors[0].msg


def ours(source: str) -> Template:
    """A template compiled as if it were a file among Kaizen's own templates."""
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    code = env.compile(source, "typo.jinja", f"{OUR_TEMPLATES}/templates/typo.jinja")
    return Template.from_code(env, code, env.make_globals(None))


def test_our_templates_fail_on_an_undefined_name() -> None:
    assert engines["jinja2"].env.undefined is StrictOwnUndefined  # type: ignore[attr-defined]
    with pytest.raises(UndefinedError, match="'organisaton' is undefined"):
        ours("{{ organisaton.name }}").render({})
    with pytest.raises(UndefinedError):
        ours("{% for row in rowz %}{{ row }}{% endfor %}").render({})


def test_a_package_macro_may_still_leave_parameters_out() -> None:
    # The NHS.UK macros test their optional parameters; that must not fail.
    html = ours(
        '{% from "nhsuk/components/button/macro.jinja" import button %}{{ button({"text": "Go"}) }}'
    ).render({})
    assert "Go" in html


def test_is_defined_and_default_still_work_on_missing_names() -> None:
    page = ours("{{ x | default('blank') }}{% if y is defined %}y{% endif %}")
    assert page.render({}) == "blank"


GUARDS = {"org_member_required", "manage"}


def _name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")


def test_every_view_puts_the_organisation_guard_first() -> None:
    # One order everywhere (kaizen/web.py): the guard, then the HTTP method.
    misplaced = []
    for path in Path(OUR_TEMPLATES).glob("*/*views.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                names = [_name(d) for d in node.decorator_list]
                if GUARDS & set(names) and names[0] not in GUARDS:
                    misplaced.append(f"{path.parent.name}/{path.name}:{node.name}")
    assert misplaced == []


def test_every_app_s_urls_are_namespaced() -> None:
    # A flat name shared by two apps would silently resolve to whichever was included last.
    # (Libraries' own URLs, such as the OpenID Connect callbacks, keep the names they reverse.)
    resolvers = [r for r in get_resolver().url_patterns if isinstance(r, URLResolver)]
    organisation = next(r for r in resolvers if str(r.pattern) == "o/<slug:org>/")
    inside = [r for r in organisation.url_patterns if isinstance(r, URLResolver)]
    assert len(inside) == len(organisation.url_patterns)  # nothing flat inside organisations
    apps = [r for r in resolvers if r is not organisation] + inside
    ours = [r for r in apps if _module_name(r).startswith("kaizen.")]
    assert len(ours) > 10
    assert [str(r.pattern) for r in ours if r.namespace is None] == []


def _module_name(resolver: URLResolver) -> str:
    return str(getattr(resolver.urlconf_name, "__name__", resolver.urlconf_name))

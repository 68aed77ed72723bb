"""The layer order (README, Layout) holds, and import-linter would refuse an upward import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from importlinter import configuration
from importlinter.application import use_cases

REPO = Path(__file__).resolve().parents[2]


def contracts_kept(monkeypatch: pytest.MonkeyPatch, *extra: tuple[str, str]) -> bool:
    """Whether `lint-imports` passes on the code as it is plus ``extra`` (importer, imported)."""
    monkeypatch.chdir(REPO)  # where pyproject.toml holds the contracts
    configuration.configure()
    build = use_cases._build_graph

    def graph_with_extra(*args: Any, **kwargs: Any) -> Any:
        graph = build(*args, **kwargs)
        for importer, imported in extra:
            graph.add_import(
                importer=importer, imported=imported, line_number=1, line_contents="import"
            )
        return graph

    monkeypatch.setattr(use_cases, "_build_graph", graph_with_extra)
    return use_cases.lint_imports(cache_dir=None, no_logo=True)


def test_the_code_keeps_the_layer_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert contracts_kept(monkeypatch)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("kaizen.accounts.models", "kaizen.audit.models"),  # the cycle that was broken
        ("kaizen.measures.models", "kaizen.projects.models"),
        ("kaizen.strategy.models", "kaizen.measures.models"),
        ("kaizen_spc.impact", "django"),
    ],
)
def test_an_upward_import_breaks_the_build(
    monkeypatch: pytest.MonkeyPatch, importer: str, imported: str
) -> None:
    assert not contracts_kept(monkeypatch, (importer, imported))

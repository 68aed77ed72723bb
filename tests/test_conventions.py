"""Conventions that keep the tests of many apps manageable, checked so that new apps keep them."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# `from conftest import x`, `from tests.browser.conftest import x`, `import conftest`.
CONFTEST_IMPORT = re.compile(r"^\s*(from\s+[\w.]*\bconftest\s+import|import\s+[\w.]*\bconftest\b)")


def test_no_test_imports_from_a_conftest_module() -> None:
    # Helpers shared by tests live in kaizen/testing.py (spc/tests/reference_data.py for the
    # engine); a conftest imported as a module is loaded twice and hides where fixtures come from.
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("kaizen", "tests", "spc/tests", "bench")
        for path in sorted((REPO / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if CONFTEST_IMPORT.match(line)
    ]
    assert offenders == []

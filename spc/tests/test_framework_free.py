"""kaizen-spc must import without Django (and without its heavy optional extras)."""

from __future__ import annotations

import subprocess
import sys

# Runs in a fresh interpreter: this test process may already have Django loaded.
IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import kaizen_spc
names = [info.name for info in pkgutil.walk_packages(kaizen_spc.__path__, "kaizen_spc.")]
for name in names:
    importlib.import_module(name)
heavy = sorted({"django", "dask", "pandas", "matplotlib"} & {m.split(".")[0] for m in sys.modules})
print(len(names), ",".join(heavy))
"""


def test_it_imports_every_module_without_django_or_optional_extras() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        check=True,
    )

    count, heavy = completed.stdout.split()[0], completed.stdout.strip().partition(" ")[2]
    assert int(count) >= 8  # cli, svg, api, limits, ...: the walk did find the modules
    assert heavy == ""

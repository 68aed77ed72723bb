"""Where the shared reference data lives: ``../shared/data`` next to the repository root.

Tests that need it skip cleanly when it is absent (a fresh clone does not have it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """The path of a file or folder of the shared data; skips the test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path

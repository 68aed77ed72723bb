"""Where the shared reference data lives: ``shared/data`` beside the repository root (a
worktree sits one level deeper than the main checkout, so the levels above are tried too).

Tests that need it skip cleanly when it is absent (a fresh clone does not have it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

_REPOSITORY = Path(__file__).resolve().parents[2]
SHARED_DATA = next(
    (
        parent / "shared" / "data"
        for parent in _REPOSITORY.parents[:3]
        if (parent / "shared" / "data").is_dir()
    ),
    _REPOSITORY / ".." / "shared" / "data",
)


def shared_data(*parts: str) -> Path:
    """The path of a file or folder of the shared data; skips the test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path

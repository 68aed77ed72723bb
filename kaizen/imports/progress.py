"""How far a background import has gone, kept in a small JSON file beside its upload.

Not in the database: the import is one transaction from start to end (all or nothing), so a
progress row written on its own connection would be seen by the progress page only at the end,
and on SQLite, whose one writer that transaction is, a row written on another connection would
wait for the end too. The upload's directory is already shared by the web server and the task
worker (the worker reads the file from it), so the progress file asks nothing more of a set-up.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# What the import is doing, in the order it does it, as the progress page names it.
STAGES = {
    "checking": "Reading and checking every row",
    "importing": "Storing the rows and drawing their charts",
}

# Called with the stage, how many rows of it are done, and how many there are.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """For imports nobody watches: the command line, the API, the demo."""


@dataclass(frozen=True)
class Step:
    stage: str
    done: int
    total: int

    @property
    def number(self) -> int:
        return list(STAGES).index(self.stage) + 1

    @property
    def of(self) -> int:
        return len(STAGES)

    @property
    def title(self) -> str:
        return STAGES[self.stage]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_file(upload: Path) -> Path:
    return upload.with_name(upload.name + ".progress")


def progress_writer(path: Path) -> Progress:
    def write(stage: str, done: int, total: int) -> None:
        # Replaced whole, never written in place: the page never reads half a file.
        partial = path.with_name(path.name + ".part")
        partial.write_text(json.dumps({"stage": stage, "done": done, "total": total}))
        os.replace(partial, path)

    return write


def progress_read(path: Path) -> Step | None:
    """The last step written, or None before the first (or after the import has finished)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if data.get("stage") not in STAGES:
        return None
    return Step(data["stage"], int(data["done"]), int(data["total"]))

"""The value-stream map editor's POST, as its page sends it, for the tests that drive it."""

from __future__ import annotations

from typing import Any


def form_data(current: list[dict[str, Any]], future: list[dict[str, Any]]) -> dict[str, Any]:
    """The editor's POST: each state's rows, numbered, after its management form."""
    data: dict[str, Any] = {}
    for prefix, rows in (("current", current), ("future", future)):
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        }
        for i, row in enumerate(rows):
            data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def step(name: str, cycle: str, wait: str, quality: str = "100", **more: Any) -> dict[str, Any]:
    values = {"name": name, "cycle_minutes": cycle, "wait_minutes": wait, "people": "1"}
    return {**values, "first_time_quality": quality, **more}

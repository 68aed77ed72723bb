"""The organisation's units as the reports walk them: parents before their children, and each
unit's figures added to every unit above it (a division's dosage includes its wards')."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kaizen.accounts.models import OrgUnit


def depth_first(units: Iterable[OrgUnit]) -> list[tuple[OrgUnit, int]]:
    """Each unit with its depth, parents before children and siblings by name."""
    children: dict[int | None, list[OrgUnit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    ordered: list[tuple[OrgUnit, int]] = []
    stack = [(unit, 0) for unit in sorted(children[None], key=lambda u: u.name, reverse=True)]
    while stack:
        unit, depth = stack.pop()
        ordered.append((unit, depth))
        below = sorted(children[unit.pk], key=lambda u: u.name, reverse=True)
        stack.extend((child, depth + 1) for child in below)
    return ordered


def lineage(units: Iterable[OrgUnit]) -> dict[int, list[int]]:
    """Each unit's id to its own and its ancestors' ids: where its figures roll up to."""
    parent = {unit.pk: unit.parent_id for unit in units}
    chains: dict[int, list[int]] = {}
    for unit_id in parent:
        chain: list[int] = []
        node: int | None = unit_id
        while node is not None and node not in chain:
            chain.append(node)
            node = parent.get(node)
        chains[unit_id] = chain
    return chains

"""A driver diagram drawn as SVG on the server: aim, primary drivers, secondary drivers and change
ideas in four columns, so it prints and works without JavaScript."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

from kaizen.projects.models import ChangeIdea, DriverNode, Project

BOX_WIDTH, BOX_HEIGHT, ROW_HEIGHT, COLUMN_GAP, MARGIN = 200, 64, 76, 60, 16
COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
# Colours from the NHS.UK palette with enough contrast for dark text.
FILLS = ("#005eb8", "#e8edee", "#e8edee", "#fff9c4")
TEXT_COLOURS = ("#ffffff", "#212b32", "#212b32", "#212b32")


@dataclass
class Box:
    column: int
    text: str
    top_row: float
    rows: float = 1
    children: list[Box] = field(default_factory=list)

    @property
    def y(self) -> float:
        return MARGIN + 30 + (self.top_row + self.rows / 2) * ROW_HEIGHT - BOX_HEIGHT / 2


class _Rows:
    """Hands out rows top to bottom: each change idea takes one, and a driver spans its ideas'
    rows (or one row of its own when it has none)."""

    def __init__(self, ideas: list[ChangeIdea]) -> None:
        self.ideas = ideas
        self.next = 0.0

    def ideas_of(self, driver: DriverNode) -> list[Box]:
        boxes = []
        for idea in (i for i in self.ideas if i.driver_id == driver.pk):
            boxes.append(Box(3, idea.title, self.next))
            self.next += 1
        return boxes

    def close(self, box: Box) -> Box:
        if self.next == box.top_row:
            self.next += 1
        box.rows = self.next - box.top_row
        return box


def _layout(project: Project) -> Box:
    nodes = list(project.drivers.all())
    rows = _Rows(list(project.ideas.exclude(stage=ChangeIdea.Stage.ABANDONED)))
    primaries = []
    for primary in (n for n in nodes if n.parent_id is None):
        box = Box(1, primary.text, rows.next)
        for secondary in (n for n in nodes if n.parent_id == primary.pk):
            child = Box(2, secondary.text, rows.next)
            child.children = rows.ideas_of(secondary)
            box.children.append(rows.close(child))
        box.children += rows.ideas_of(primary)
        primaries.append(rows.close(box))
    return Box(0, project.aim_sentence() or project.title, 0, max(rows.next, 1), primaries)


def _x(column: int) -> float:
    return MARGIN + column * (BOX_WIDTH + COLUMN_GAP)


def _draw(box: Box, out: list[str]) -> None:
    x, y = _x(box.column), box.y
    lines = textwrap.wrap(box.text, 30)[:3] or [""]
    if len(textwrap.wrap(box.text, 30)) > 3:
        lines[-1] = lines[-1][:27] + "…"
    out.append(
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" '
        f'fill="{FILLS[box.column]}" stroke="#425563"/>'
    )
    first = y + BOX_HEIGHT / 2 - (len(lines) - 1) * 8 + 4
    for i, line in enumerate(lines):
        out.append(
            f'<text x="{x + 8}" y="{first + i * 16}" fill="{TEXT_COLOURS[box.column]}" '
            f'font-size="13">{escape(line)}</text>'
        )
    for child in box.children:
        x1, y1 = x + BOX_WIDTH, y + BOX_HEIGHT / 2
        x2, y2 = _x(child.column), child.y + BOX_HEIGHT / 2
        mid = (x1 + x2) / 2
        out.append(f'<path d="M{x1},{y1} H{mid} V{y2} H{x2}" fill="none" stroke="#425563"/>')
        _draw(child, out)


def driver_diagram_svg(project: Project) -> str:
    aim = _layout(project)
    width = _x(len(COLUMNS)) - COLUMN_GAP + MARGIN
    height = MARGIN * 2 + 30 + aim.rows * ROW_HEIGHT
    title = f"Driver diagram of {project.title}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="dd-title" '
        f'font-family="Frutiger W01, Arial, sans-serif">',
        f'<title id="dd-title">{escape(title)}</title>',
    ]
    for column, heading in enumerate(COLUMNS):
        out.append(
            f'<text x="{_x(column)}" y="{MARGIN + 12}" font-size="14" font-weight="bold" '
            f'fill="#212b32">{heading}</text>'
        )
    _draw(aim, out)
    out.append("</svg>")
    return "\n".join(out)

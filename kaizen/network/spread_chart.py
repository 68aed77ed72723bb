"""The spread map: one row per adopting organisation along a time line, from the day it adopted
to today, marked where its own data decided whether the change worked there. Drawn as an SVG
on the server, so it needs no script and prints; the table beside it says the same in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup, escape

from kaizen.network.adoption import SpreadRow

WIDTH, ROW, LABEL, TOP = 640, 28, 200, 24
COLOURS = {"worked": "#005EB8", "did_not_work": "#ED8B00", "not_yet": "#768692"}


def spread_svg(rows: Sequence[SpreadRow], today: dt.date) -> Markup:
    if not rows:
        return Markup("")
    start = min(row.adopted_on for row in rows)
    days = max((today - start).days, 1)
    span = WIDTH - LABEL - 16

    def x(day: dt.date) -> float:
        return LABEL + span * (day - start).days / days

    height = TOP + ROW * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="spread-title" class="kaizen-spread">',
        '<title id="spread-title">Where the change has spread, and whether it worked there '
        "(the table below gives the same)</title>",
        f'<text x="{LABEL}" y="14" font-size="12">{start:%b %Y}</text>',
        f'<text x="{WIDTH - 16}" y="14" font-size="12" text-anchor="end">{today:%b %Y}</text>',
    ]
    for index, row in enumerate(rows):
        y = TOP + ROW * index + ROW / 2
        colour = COLOURS[row.outcome]
        parts += [
            f'<text x="0" y="{y + 4}" font-size="12">{escape(row.organisation[:30])}</text>',
            f'<line x1="{x(row.adopted_on):.1f}" y1="{y}" x2="{x(today):.1f}" y2="{y}" '
            f'stroke="{colour}" stroke-width="4"/>',
            f'<circle cx="{x(row.adopted_on):.1f}" cy="{y}" r="6" fill="#212B32">'
            f"<title>Adopted {row.adopted_on:%-d %b %Y}</title></circle>",
        ]
        if row.judged_on:
            cx = x(row.judged_on)
            parts.append(
                f'<rect x="{cx - 6:.1f}" y="{y - 6}" width="12" height="12" fill="{colour}" '
                f'transform="rotate(45 {cx:.1f} {y})"><title>{row.outcome_text} '
                f"({row.judged_on:%-d %b %Y})</title></rect>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))

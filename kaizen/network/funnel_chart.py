"""A funnel plot drawn as an SVG on the server (no script, prints): the members' values against
their denominators, the target, and the 95 % and 99.8 % limits that narrow as the denominator
grows. kaizen_spc computed every figure; this only draws them. The table beside it says the
same in words."""

from __future__ import annotations

import numpy as np
from markupsafe import Markup, escape

from kaizen.network.comparison import Funnel

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 320, 56, 16, 16, 40
OUTSIDE_998, OUTSIDE_95, INSIDE = "#D5281B", "#ED8B00", "#005EB8"
LIMIT = "#768692"


def funnel_svg(plot: Funnel) -> Markup:
    result = plot.result
    n = np.asarray(plot.denominators)
    grid = np.linspace(max(n.min() / 3, 1e-9), n.max() * 1.1, 80)
    curves = result.limits_at(grid)
    finite = [
        values[np.isfinite(values)] for values in (curves.lower_998, curves.upper_998, result.value)
    ]
    low = min(float(v.min()) for v in finite if v.size)
    high = max(float(v.max()) for v in finite if v.size)
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * value / float(grid[-1])

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / span

    def path(values: np.ndarray, dashed: bool) -> str:
        points = " ".join(
            f"{x(d):.1f},{y(v):.1f}" for d, v in zip(grid, values, strict=True) if np.isfinite(v)
        )
        dash = ' stroke-dasharray="5 4"' if dashed else ""
        return f'<polyline points="{points}" fill="none" stroke="{LIMIT}"{dash}/>'

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        'role="img" aria-labelledby="funnel-title" font-family="Arial, Helvetica, sans-serif">',
        '<title id="funnel-title">Funnel plot: each member against its denominator, with 95% '
        "(dashed) and 99.8% (solid) limits (the table below gives the same)</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#212B32"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#212B32"/>',
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 8}" font-size="12" text-anchor="middle">'
        "Denominator (latest year)</text>",
        f'<text x="4" y="{y(high) + 4:.1f}" font-size="11">{_number(high)}</text>',
        f'<text x="4" y="{y(low):.1f}" font-size="11">{_number(low)}</text>',
        f'<line x1="{LEFT}" y1="{y(result.target * result.multiply):.1f}" x2="{WIDTH - RIGHT}" '
        f'y2="{y(result.target * result.multiply):.1f}" stroke="#212B32" stroke-width="1.5"/>',
        path(curves.lower_95, True),
        path(curves.upper_95, True),
        path(curves.lower_998, False),
        path(curves.upper_998, False),
    ]
    for index, name in enumerate(plot.organisations):
        colour = (
            OUTSIDE_998
            if result.outside_998[index]
            else OUTSIDE_95
            if result.outside_95[index]
            else INSIDE
        )
        parts.append(
            f'<circle cx="{x(plot.denominators[index]):.1f}" cy="{y(result.value[index]):.1f}" '
            f'r="6" fill="{colour}"><title>{escape(name)}: '
            f"{_number(float(result.value[index]))}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return f"{value:.3g}"

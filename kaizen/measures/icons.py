"""Making Data Count's variation and assurance icons as small accessible inline SVGs.

Drawn here rather than shipped as images so that they print in the PDF, scale with the text and
carry their meaning in words (a title and an accessible name) as well as in colour.
"""

from __future__ import annotations

from markupsafe import Markup, escape

COMMON_CAUSE = "#7B7D7D"
IMPROVEMENT = "#289DE0"
CONCERN = "#FAB428"
NEUTRAL = "#361475"
# Text on white needs a darker shade than the icons' own orange and light blue.
LETTER = "#212B32"

VARIATION_LABELS = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (higher values)",
    "improvement_low": "Special cause improvement (lower values)",
    "concern_high": "Special cause concern (higher values)",
    "concern_low": "Special cause concern (lower values)",
    "neutral_high": "Special cause variation (higher values)",
    "neutral_low": "Special cause variation (lower values)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "The target is met consistently",
    "consistent_fail": "The target is consistently not met",
    "inconsistent": "The target is met only some of the time",
    "": "No target",
}
# Ordered from what a board should read first to what it can read last.
VARIATION_ORDER = [
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
    "improvement_high",
    "improvement_low",
    "common_cause",
]
ASSURANCE_ORDER = ["consistent_fail", "inconsistent", "consistent_pass", ""]

POINT_COLOURS = {
    "common_cause": COMMON_CAUSE,
    "special_cause_improvement": IMPROVEMENT,
    "special_cause_concern": CONCERN,
    "special_cause_neutral_high": NEUTRAL,
    "special_cause_neutral_low": NEUTRAL,
}

# The line of dots inside the variation icon: flat, or ending high or low.
_PATTERNS = {
    "flat": [(9, 22), (13, 19), (17, 23), (21, 18), (25, 22), (29, 19), (32, 21)],
    "high": [(8, 27), (12, 25), (16, 28), (20, 26), (24, 21), (28, 19), (32, 17)],
    "low": [(8, 13), (12, 15), (16, 12), (20, 14), (24, 19), (28, 21), (32, 23)],
}


def _svg(label: str, colour: str, body: str, size: int) -> Markup:
    return Markup(
        f'<svg class="kaizen-icon" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" '
        f'width="{size}" height="{size}" role="img" aria-label="{escape(label)}" '
        f'focusable="false"><title>{escape(label)}</title>'
        f'<circle cx="20" cy="20" r="17" fill="#fff" stroke="{colour}" stroke-width="3"/>'
        f"{body}</svg>"
    )


def _letter(text: str, y: int, size: int = 11) -> str:
    return (
        f'<text x="20" y="{y}" text-anchor="middle" font-family="Arial, sans-serif" '
        f'font-weight="bold" font-size="{size}" fill="{LETTER}">{text}</text>'
    )


def variation_icon(code: str, size: int = 40) -> Markup:
    if code not in VARIATION_LABELS:
        return Markup("")
    family, _, side = code.partition("_")
    colour = {"improvement": IMPROVEMENT, "concern": CONCERN, "neutral": NEUTRAL}.get(
        family, COMMON_CAUSE
    )
    pattern = _PATTERNS[side if side in ("high", "low") else "flat"]
    line = " ".join(f"{x},{y}" for x, y in pattern)
    # As in Making Data Count, the last points of a special cause pattern take its colour.
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="2.2" fill="{colour if index >= 4 else COMMON_CAUSE}"/>'
        for index, (x, y) in enumerate(pattern)
    )
    letter = {"high": _letter("H", 13, 12), "low": _letter("L", 35, 12)}.get(side, "")
    body = (
        f'<polyline points="{line}" fill="none" stroke="{COMMON_CAUSE}" stroke-width="1.2"/>'
        f"{dots}{letter}"
    )
    return _svg(VARIATION_LABELS[code], colour, body, size)


def assurance_icon(code: str, size: int = 40) -> Markup:
    if not code or code not in ASSURANCE_LABELS:
        return Markup("")
    letter, colour = {
        "consistent_pass": ("P", IMPROVEMENT),
        "consistent_fail": ("F", CONCERN),
        "inconsistent": ("?", COMMON_CAUSE),
    }[code]
    body = (
        f'<line x1="9" y1="29" x2="31" y2="29" stroke="{colour}" stroke-width="2" '
        f'stroke-dasharray="3 2"/>{_letter(letter, 25, 18)}'
    )
    return _svg(ASSURANCE_LABELS[code], colour, body, size)

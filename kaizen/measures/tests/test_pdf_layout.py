"""The board PDF's summary table: no two characters on a line overprint each other, whatever
the length of names, dates and numbers (read from the rendered PDF's text positions)."""

from __future__ import annotations

import io
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.testing import STEP_VALUES, MeasureFactory

ClientFor = Callable[[User], Client]

LONG_NAME = "Percentage of emergency admissions reviewed by a consultant within 14 hours"


def overlaps(chars: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of characters on one line whose boxes overlap though they were not written one
    after the other: text of one cell running into another's. (Kerning, as in "Tr", overlaps
    neighbours in the same word, which are written in sequence.)"""
    lines: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for order, char in enumerate(chars):
        lines.setdefault(round(float(char["top"])), []).append((order, char))
    found = []
    for line in lines.values():
        line.sort(key=lambda item: float(item[1]["x0"]))
        for (i, left), (j, right) in pairwise(line):
            if float(right["x0"]) < float(left["x1"]) - 0.5 and abs(i - j) > 1:
                found.append((str(left["text"]), str(right["text"])))
    return found


@pytest.mark.parametrize("scale", [1, 1000, 1_000_000])
def test_the_summary_table_never_overprints(
    org: Organisation,
    make_measure: MeasureFactory,
    board_user: User,
    client_for: ClientFor,
    scale: int,
) -> None:
    values = [value * scale for value in STEP_VALUES]
    make_measure(
        org, values, name=LONG_NAME, target=85.0 * scale, frequency="weekly", on_board=True
    )
    make_measure(
        org,
        values,
        name="Falls",
        unit_label="per 1,000 bed days",
        frequency="monthly",
        on_board=True,
    )
    url = reverse("measures:board_summary_pdf", kwargs={"org": org.slug})
    pdf = client_for(board_user).get(url).content
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0]
        assert "Centre" in first.extract_text()
        assert overlaps(first.chars) == []

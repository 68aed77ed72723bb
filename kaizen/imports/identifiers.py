"""Spotting patient-identifiable data in an upload, so that the whole file can be refused.

The detection itself is kaizen.privacy's; this module applies it to a table's columns.

Kaizen holds aggregate counts and rates only. A file that carries NHS numbers, dates of birth,
postcodes, names or hospital numbers was exported from the wrong place; refusing it outright is
safer than importing its harmless columns and leaving the rest to chance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from kaizen.imports.tables import Cell, Table, normalise_header
from kaizen.privacy.screening import (
    NHS_NUMBER,
    Finding,
    describe,
    find_patient_data,
    is_nhs_number,
    is_postcode,
)

# Headings that name an identifier whatever the column holds.
IDENTIFYING_HEADINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bnhs ?(number|no|num)\b|^nhsno$"), "NHS numbers"),
    (re.compile(r"\b(date of birth|dob|birth ?date|d\.o\.b)\b"), "dates of birth"),
    (re.compile(r"\bpost ?code\b"), "postcodes"),
    (re.compile(r"\baddress\b"), "addresses"),
    (
        re.compile(r"\b(patient|client|service user) ?name\b|\b(forename|surname|given name)\b"),
        "patients' names",
    ),
    (
        re.compile(r"\b(hospital|unit|case ?note|patient) ?(number|no|id)\b|\bmrn\b|medical rec"),
        "hospital or medical record numbers",
    ),
]

# A column is refused when this many of its cells look identifying, or half of its non-empty
# cells do. One stray ten-digit count in a thousand is not a column of NHS numbers.
MIN_HITS = 3
MIN_SHARE = 0.5


def contains_nhs_number(cell: Cell) -> bool:
    if isinstance(cell, bool) or cell is None:
        return False
    if isinstance(cell, int):
        return is_nhs_number(str(cell))
    if not isinstance(cell, str) or len(cell) < 10:
        return False
    return any(is_nhs_number("".join(match.groups())) for match in NHS_NUMBER.finditer(cell))


def is_postcode_cell(cell: Cell) -> bool:
    return isinstance(cell, str) and is_postcode(cell)


def identifier_problems(table: Table, *, hospital_number_pattern: str = "") -> list[str]:
    """Why the file must be refused, one sentence per offending column; empty when it is clean."""
    problems = []
    for index, heading in enumerate(table.header):
        name = heading or f"column {index + 1}"
        if reason := _heading_reason(heading):
            problems.append(f"The column “{name}” looks like it holds {reason}.")
            continue
        cells = [cell for cell in table.column(index) if cell not in (None, "")]
        if _looks_identifying(cells, contains_nhs_number):
            problems.append(
                f"The column “{name}” holds values that are valid NHS numbers "
                "(they pass the NHS number check digit)."
            )
        elif _looks_identifying(cells, is_postcode_cell):
            problems.append(f"The column “{name}” holds values that are UK postcodes.")
        elif findings := _text_findings(cells, hospital_number_pattern):
            problems.append(f"The column “{name}”: {describe(findings)}")
    return problems


def _text_findings(cells: Sequence[Cell], hospital_number_pattern: str) -> list[Finding]:
    # Free text (notes) is screened as any text typed into Kaizen is. Lone NHS numbers are
    # left to the column rule above, which tolerates one stray ten-digit count.
    findings: list[Finding] = []
    for text in {cell for cell in cells if isinstance(cell, str)}:
        found = find_patient_data(text, hospital_number_pattern=hospital_number_pattern)
        findings.extend(finding for finding in found if finding.kind != "an NHS number")
    return findings


def _heading_reason(heading: str) -> str:
    normalised = normalise_header(heading)
    for pattern, reason in IDENTIFYING_HEADINGS:
        if pattern.search(normalised):
            return reason
    return ""


def _looks_identifying(cells: Sequence[Cell], test: Callable[[Cell], bool]) -> bool:
    # A column repeats a few values (measures, periods) many times: test each value once.
    hits = sum(count for cell, count in Counter(cells).items() if test(cell))
    return hits >= MIN_HITS or (hits > 0 and hits >= MIN_SHARE * len(cells))

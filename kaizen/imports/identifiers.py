"""Spotting patient-identifiable data in an upload, so that the whole file can be refused.

Kaizen holds aggregate counts and rates only. A file that carries NHS numbers, dates of birth,
postcodes, names or hospital numbers was exported from the wrong place; refusing it outright is
safer than importing its harmless columns and leaving the rest to chance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from kaizen.imports.tables import Cell, Table, normalise_header

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

# Ten digits, optionally grouped 3-3-4 by spaces or hyphens, as NHS numbers are written.
NHS_NUMBER = re.compile(r"(?<![\d.])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d.])")
# A full UK postcode (outward and inward code), e.g. "LS1 4AP" or "sw1a2aa".
POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$",
    re.IGNORECASE,
)
# A column is refused when this many of its cells look identifying, or half of its non-empty
# cells do. One stray ten-digit count in a thousand is not a column of NHS numbers.
MIN_HITS = 3
MIN_SHARE = 0.5


def is_nhs_number(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check.

    >>> is_nhs_number("9434765919"), is_nhs_number("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def contains_nhs_number(cell: Cell) -> bool:
    if isinstance(cell, bool) or cell is None:
        return False
    if isinstance(cell, int):
        return is_nhs_number(str(cell))
    if not isinstance(cell, str) or len(cell) < 10:
        return False
    return any(is_nhs_number("".join(match.groups())) for match in NHS_NUMBER.finditer(cell))


def is_postcode(cell: Cell) -> bool:
    return (
        isinstance(cell, str) and 5 <= len(cell.strip()) <= 8 and bool(POSTCODE.match(cell.strip()))
    )


def identifier_problems(table: Table) -> list[str]:
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
        elif _looks_identifying(cells, is_postcode):
            problems.append(f"The column “{name}” holds values that are UK postcodes.")
    return problems


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

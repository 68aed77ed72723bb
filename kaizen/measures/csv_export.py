"""Every CSV file the platform writes goes through here, so that none can carry a formula.

A cell that starts with =, +, -, @, a tab or a carriage return is a formula to Excel and
LibreOffice: a project title "=HYPERLINK(...)" would run when the file is opened. OWASP's rule is
to make such text cells text by prefixing a single quote. Numbers are written from numbers, so
-4.5 stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The cell as written: text that a spreadsheet would read as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, rows: Iterable[Iterable[object]]) -> HttpResponse:
    """A CSV download of ``rows`` (the header first), every text cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response

"""Reading an uploaded CSV or Excel file into a plain table of cells.

No Django here: the import path must be fast and testable on its own, and the bytes read here
are never written anywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

# What a spreadsheet cell holds once read: text from a CSV; text, numbers or dates from Excel.
Cell = str | int | float | dt.date | dt.time | bool | None

XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file is not a CSV or .xlsx we can read; the message is shown to the user."""


@dataclass(frozen=True)
class Table:
    """A header and the data rows beneath it. Data row ``i`` is spreadsheet row ``i + 2``."""

    header: list[str]
    rows: list[list[Cell]]

    def column(self, index: int) -> list[Cell]:
        return [row[index] if index < len(row) else None for row in self.rows]


def normalise_header(text: str) -> str:
    """Headers are matched ignoring case, spacing, underscores and hyphens."""
    return re.sub(r"[\s_\-]+", " ", text).strip().lower()


def read_table(data: bytes, filename: str) -> Table:
    """The table in a .csv or .xlsx file; the file's content decides, not only its name."""
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _decode(data: bytes) -> str:
    # Excel on Windows saves "CSV" as cp1252 unless asked for "CSV UTF-8" (which adds a BOM).
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise UnreadableFile("The file is not a CSV or Excel (.xlsx) file.")
    text = _decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[Cell]] = [list(row) for row in reader]
    return _table(rows)


def _read_xlsx(data: bytes) -> Table:
    # openpyxl is slow to import; only Excel uploads pay for it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise UnreadableFile("The file could not be read as an Excel (.xlsx) workbook.") from error
    try:
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(rows)


def _xlsx_cell(value: object) -> Cell:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if value is None or isinstance(value, str | int | float | dt.date | dt.time | bool):
        return value
    return str(value)


def _table(rows: list[list[Cell]]) -> Table:
    if not rows or not any(_text(cell) for cell in rows[0]):
        raise UnreadableFile("The file is empty: the first row must hold the column headings.")
    header = [_text(cell) for cell in rows[0]]
    # Excel's read-only mode pads rows to the sheet's widest row; trailing blanks mean nothing.
    while header and not header[-1]:
        header.pop()
    return Table(header=header, rows=rows[1:])


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()

"""Reading an uploaded CSV or Excel file into a plain table of cells.

No Django here: the import path must be fast and testable on its own, and the bytes read here
are never written anywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

# What a spreadsheet cell holds once read: text from a CSV; text, numbers or dates from Excel.
Cell = str | int | float | dt.date | dt.time | bool | None

XLSX_MAGIC = b"PK\x03\x04"

# Bounds on what one upload may make us read, whatever the file claims: a few times the largest
# real upload (100,000 points, six columns), so that a hostile file costs seconds, not the worker.
MAX_ROWS = 250_000
MAX_COLUMNS = 50
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_READ_SECONDS = 30.0


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
    try:
        # Bounded by the upload's size in bytes: read in one go (a loop in Python per row would
        # cost a large upload a tenth of a second).
        rows: list[list[Cell]] = list(islice(reader, MAX_ROWS + 2))  # type: ignore[arg-type]
    except csv.Error as error:
        # Above all a cell longer than csv.field_size_limit (131,072 characters): no measure,
        # date, number or note is that long.
        raise UnreadableFile(
            f"The file could not be read as a CSV file ({error}): check that every cell is "
            "shorter than 131,072 characters and that quotes are paired."
        ) from error
    return _table(_trimmed(rows))


def _read_xlsx(data: bytes) -> Table:
    # openpyxl is slow to import; only Excel uploads pay for it.
    from openpyxl import load_workbook

    refuse_zip_bomb(data, MAX_UNCOMPRESSED_BYTES)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise UnreadableFile("The file could not be read as an Excel (.xlsx) workbook.") from error
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared dimension (a hostile file says A1:XFD1048576) would have every
        # row padded to it: read only the cells that are there.
        sheet.reset_dimensions()
        rows = (
            list(islice(map(_xlsx_cell, row), MAX_COLUMNS))
            for row in sheet.iter_rows(values_only=True)
        )
        return _table(_trimmed(list(islice(_timed(rows), MAX_ROWS + 2))))
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile("The file could not be read as an Excel (.xlsx) workbook.") from error
    finally:
        workbook.close()


def refuse_zip_bomb(data: bytes | Path, limit: int) -> None:
    """Refuse a workbook that would unpack to more than ``limit`` bytes, before unpacking any
    of it. The sizes are the zip's own; zipfile stops reading a member at its stated size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile("The file could not be read as an Excel (.xlsx) workbook.") from error
    if unpacked > limit:
        raise UnreadableFile(
            f"The workbook unpacks to more than {limit // (1024 * 1024)} MB, more than any upload "
            "of data points needs: save only the sheet with the data, or save it as CSV."
        )


def _timed(rows: Iterator[list[Cell]]) -> Iterator[list[Cell]]:
    """The rows, refusing a file that takes longer than MAX_READ_SECONDS to read."""
    deadline = time.monotonic() + MAX_READ_SECONDS
    for number, row in enumerate(rows):
        if number % 1000 == 999 and time.monotonic() > deadline:
            raise UnreadableFile(
                "The file took too long to read: save only the sheet with the data, or as CSV."
            )
        yield row


def _trimmed(rows: list[list[Cell]]) -> Iterator[list[Cell]]:
    """At most MAX_ROWS rows of data (or a refusal) of at most MAX_COLUMNS cells, without the
    blank rows after the last one with anything in it (a spreadsheet's formatted empty rows)."""
    if len(rows) > MAX_ROWS + 1:  # the header is not a row of data
        raise UnreadableFile(
            f"The file has more than {MAX_ROWS:,} rows (counting empty rows below the data): "
            "split it into smaller files, or delete the empty rows."
        )
    # Blank: every cell empty (or a row of zeros, which is no row of data either).
    while rows and not any(rows[-1]):
        rows.pop()
    if any(len(row) > MAX_COLUMNS for row in rows):
        rows = [row[:MAX_COLUMNS] for row in rows]
    return iter(rows)


def _xlsx_cell(value: object) -> Cell:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if value is None or isinstance(value, str | int | float | dt.date | dt.time | bool):
        return value
    return str(value)


def _table(rows: Iterator[list[Cell]]) -> Table:
    first = next(rows, None)
    if not first or not any(_text(cell) for cell in first):
        raise UnreadableFile("The file is empty: the first row must hold the column headings.")
    header = [_text(cell) for cell in first]
    # Trailing blank headings (a spreadsheet's formatted but empty columns) mean nothing.
    while header and not header[-1]:
        header.pop()
    return Table(header=header, rows=list(rows))


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()

"""An Excel (.xlsx) long table turned into a CSV file beside it, a row at a time, so that it is
read, checked and imported exactly as a CSV file is (and never held whole in memory).

openpyxl's read-only mode streams the sheet's XML; each row is written out as it is read. Dates
are written as ISO dates, numbers as Python writes them back exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kaizen.imports.tables import XLSX_MAGIC, UnreadableFile, refuse_zip_bomb

# A sheet holds at most 1,048,576 rows; its XML unpacks to a few hundred bytes a row at most.
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024


def is_workbook(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(XLSX_MAGIC)) == XLSX_MAGIC


@contextmanager
def as_csv(path: Path) -> Iterator[Path]:
    """The file itself if it is a CSV file; a workbook's first sheet as a CSV file (deleted
    afterwards) if it is a workbook. Raises UnreadableFile for a damaged workbook."""
    if not is_workbook(path):
        yield path
        return
    converted = path.with_name(path.name + ".csv")
    try:
        _write_csv(path, converted)
        yield converted
    finally:
        converted.unlink(missing_ok=True)


def _write_csv(workbook_path: Path, out_path: Path) -> None:
    # openpyxl is slow to import; only workbooks pay for it.
    from openpyxl import load_workbook

    refuse_zip_bomb(workbook_path, MAX_UNPACKED_BYTES)
    # Opened as a file: openpyxl refuses a path that does not end in .xlsx, and an upload is
    # kept under a name of our own.
    with workbook_path.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
            raise UnreadableFile(
                "The file could not be read as an Excel (.xlsx) workbook."
            ) from error
        try:
            _write_rows(workbook.worksheets[0], out_path)
        except Exception as error:
            raise UnreadableFile(
                "The file could not be read as an Excel (.xlsx) workbook."
            ) from error
        finally:
            workbook.close()


def _write_rows(sheet: Any, out_path: Path) -> None:
    # A hostile file declares A1:XFD1048576: read only the cells that are there.
    sheet.reset_dimensions()
    with out_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in sheet.iter_rows(values_only=True):
            writer.writerow([_text(cell) for cell in row])


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)

"""Hostile uploads: each is refused with a message saying what to fix, quickly, never a 500."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kaizen.accounts.models import Organisation, User
from kaizen.imports import tables
from kaizen.imports.tables import UnreadableFile, read_table
from kaizen.measures.models import DataPoint

ClientFor = Callable[[User], Client]


def small_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["measure", "period", "value"])
    sheet.append(["Falls", "2024-01-01", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one member's bytes changed (the rest copied as they were)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def test_it_ignores_a_sheets_declared_dimension() -> None:
    # The attack: 1.4 KB that declares every cell of the sheet, so a reader that pads rows to
    # the dimension allocates until the process dies.
    data = rewritten(
        small_workbook(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:C2" />', b'<dimension ref="A1:XFD1048576" />'),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    table = read_table(data, "data.xlsx")
    assert table.header == ["measure", "period", "value"]
    assert table.rows == [["Falls", "2024-01-01", 4]]


def test_it_refuses_a_declared_whole_sheet_with_a_cell_in_its_last_row_quickly() -> None:
    # The 1.4 KB attack: every row padded to 16,384 columns down to row 1,048,576 took the
    # old reader to a MemoryError after 18 s under a 1.5 GB limit (and without one, the host).
    far_cell = b'<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = rewritten(
        small_workbook(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<dimension ref="A1:C2" />', b'<dimension ref="A1:XFD1048576" />'
        ).replace(b"</sheetData>", far_cell + b"</sheetData>"),
    )
    assert len(data) < 10_000
    with pytest.raises(UnreadableFile, match="more than 250,000 rows"):
        read_table(data, "data.xlsx")


def test_it_refuses_a_zip_bomb_before_unpacking_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    padding = b"<!--" + b" " * (2 * 1024 * 1024) + b"-->"
    data = rewritten(
        small_workbook(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>"),
    )
    assert len(data) < 100_000  # it compresses to almost nothing
    with pytest.raises(UnreadableFile, match="unpacks to more than 1 MB"):
        read_table(data, "bomb.xlsx")


def test_it_refuses_a_real_sized_zip_bomb_quickly() -> None:
    # Every member claims its size in the zip's directory: we sum them before openpyxl runs.
    out = io.BytesIO()
    block = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(tables.MAX_UNCOMPRESSED_BYTES // len(block) + 1):
            member.write(block)
    with pytest.raises(UnreadableFile, match="save it as CSV"):
        read_table(out.getvalue(), "bomb.xlsx")


def test_it_refuses_more_rows_than_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    lines = ["measure,period,value", *(f"Falls,2024-01-{day:02d},{day}" for day in range(1, 12))]
    with pytest.raises(UnreadableFile, match="more than 10 rows"):
        read_table("\n".join(lines).encode(), "data.csv")
    assert len(read_table("\n".join(lines[:11]).encode(), "data.csv").rows) == 10


def test_it_drops_blank_rows_after_the_data_but_keeps_row_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    text = "measure,period,value\n,,\nFalls,2024-01-01,4\n" + ",,\n" * 5
    assert read_table(text.encode(), "data.csv").rows == [
        ["", "", ""],
        ["Falls", "2024-01-01", "4"],
    ]


def test_it_reads_only_the_first_columns() -> None:
    text = "measure,period,value" + ",x" * 5000 + "\nFalls,2024-01-01,4" + ",1" * 5000 + "\n"
    table = read_table(text.encode(), "data.csv")
    assert len(table.header) == tables.MAX_COLUMNS
    assert len(table.rows[0]) == tables.MAX_COLUMNS


def test_it_stops_reading_a_workbook_that_takes_too_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tables, "MAX_READ_SECONDS", 0.0)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for day in range(2000):
        sheet.append(["Falls", f"2024-01-{day % 28 + 1:02d}", day])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UnreadableFile, match="took too long to read"):
        read_table(buffer.getvalue(), "data.xlsx")


def test_it_explains_a_csv_field_longer_than_the_csv_modules_limit(
    client_for: ClientFor, staff_user: User, org: Organisation
) -> None:
    text = 'measure,period,value,note\nFalls,2024-01-01,4,"' + "x" * 200_000 + '"\n'
    with pytest.raises(UnreadableFile, match="shorter than 131,072 characters"):
        read_table(text.encode(), "data.csv")
    url = reverse("imports:import_upload", kwargs={"org": org.slug})
    upload = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    response = client_for(staff_user).post(url, {"file": upload})
    assert response.status_code == 200
    assert "shorter than 131,072 characters" in response.content.decode()
    assert not DataPoint.objects.exists()


def test_it_answers_a_hostile_workbook_upload_with_a_message(
    client_for: ClientFor, staff_user: User, org: Organisation
) -> None:
    data = rewritten(small_workbook(), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    url = reverse("imports:import_upload", kwargs={"org": org.slug})
    response = client_for(staff_user).post(url, {"file": SimpleUploadedFile("data.xlsx", data)})
    assert response.status_code == 200
    assert "could not be read as an Excel (.xlsx) workbook" in response.content.decode()

"""Reading and checking uploaded tables: pure functions, no database."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from kaizen.imports.checks import Kind, MeasureRef, check_table, parse_period
from kaizen.imports.tables import Table, UnreadableFile, read_table

TODAY = dt.date(2025, 6, 15)
FALLS = MeasureRef(1, "Falls per 1,000 bed days", "xmr", "weekly")
FOUR_HOURS = MeasureRef(2, "Seen within 4 hours", "p", "monthly")
INFECTIONS = MeasureRef(3, "C. difficile infections", "u", "monthly")
MEASURES = [FALLS, FOUR_HOURS, INFECTIONS]


def csv_table(text: str) -> Table:
    return read_table(text.encode(), "upload.csv")


def check(text: str, only: MeasureRef | None = None) -> list[tuple[int, Kind, str]]:
    checked = check_table(csv_table(text), MEASURES, today=TODAY, only=only)
    return [(problem.row, problem.kind, problem.message) for problem in checked.problems]


def test_it_reads_values_and_ratios_with_headers_in_any_case_and_order() -> None:
    checked = check_table(
        csv_table(
            " Period ,MEASURE,Value,Numerator,denominator,Note\n"
            '2025-01-06,"falls per 1,000 bed days",4.5,,,\n'
            '2025-01-01,Seen within 4 hours,,812,"1,040",New triage\n'
            "2025-02-01,3,,4,2500,\n"
        ),
        MEASURES,
        today=TODAY,
    )
    assert checked.problems == []
    falls, four_hours, infections = checked.rows
    assert (falls.number, falls.measure_id, falls.period, falls.value) == (
        2,
        1,
        dt.date(2025, 1, 6),
        4.5,
    )
    assert (four_hours.value, four_hours.numerator, four_hours.denominator) == (None, 812, 1040)
    assert four_hours.note == "New triage"
    assert (infections.measure_id, infections.numerator, infections.denominator) == (3, 4, 2500)


@pytest.mark.parametrize(
    ("cell", "monthly", "expected"),
    [
        ("2024-03-01", False, dt.date(2024, 3, 1)),
        ("01/03/2024", False, dt.date(2024, 3, 1)),
        ("1/3/2024", False, dt.date(2024, 3, 1)),
        ("2024-03", True, dt.date(2024, 3, 1)),
        ("2024-03-01 00:00:00", False, dt.date(2024, 3, 1)),
        ("45352", False, dt.date(2024, 3, 1)),
        (45352, False, dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1, 0, 0), False, dt.date(2024, 3, 1)),
    ],
)
def test_it_reads_iso_uk_and_excel_dates(cell: object, monthly: bool, expected: dt.date) -> None:
    assert parse_period(cell, monthly=monthly) == expected


def test_it_lists_every_bad_row_with_its_row_number_and_reason() -> None:
    problems = check(
        "measure,period,value,numerator,denominator\n"
        '"Falls per 1,000 bed days",2025-01-06,4,,\n'  # 2: fine
        "Falls per 1000,2025-01-06,4,,\n"  # 3: unknown measure
        '"Falls per 1,000 bed days",31/02/2025,4,,\n'  # 4: no 31 February
        '"Falls per 1,000 bed days",2025-01-13,four,,\n'  # 5: non-numeric value
        '"Falls per 1,000 bed days",2025-01-20,,,\n'  # 6: no value
        "Seen within 4 hours,2025-01-01,,900,800\n"  # 7: numerator above denominator
        "Seen within 4 hours,2025-02-01,,5,-10\n"  # 8: negative denominator
        "Seen within 4 hours,2025-07-01,,5,10\n"  # 9: future
        "Seen within 4 hours,2025-03-01,,5,10\n"  # 10: fine
        "seen within 4 hours,01/03/2025,,6,10\n"  # 11: duplicate of row 10
        "Seen within 4 hours,2025-04-01,0.9,,\n"  # 12: a p chart needs its numerator
        "Seen within 4 hours,2025-05-01,,1,0\n"  # 13: zero denominator
        "C. difficile infections,2025-05-01,,9,0.5\n"  # 14: a rate may exceed 1
        '"Falls per 1,000 bed days",2025-03,4,,\n'  # 15: a month for a weekly measure
        '"Falls per 1,000 bed days",2025-02-03,4,3,\n'  # 16: a numerator alone
    )
    rows = [(row, kind) for row, kind, _ in problems]
    assert rows == [
        (3, Kind.UNKNOWN_MEASURE),
        (4, Kind.BAD_DATE),
        (5, Kind.NOT_A_NUMBER),
        (6, Kind.MISSING_VALUE),
        (7, Kind.NUMERATOR_ABOVE_DENOMINATOR),
        (8, Kind.NEGATIVE),
        (9, Kind.FUTURE_PERIOD),
        (11, Kind.DUPLICATE_PERIOD),
        (12, Kind.MISSING_VALUE),
        (13, Kind.ZERO_DENOMINATOR),
        (15, Kind.BAD_DATE),
        (16, Kind.MISSING_VALUE),
    ]
    messages = dict((row, message) for row, _, message in problems)
    assert messages[3] == "unknown measure “Falls per 1000”"
    assert "31/02/2025" in messages[4]
    assert messages[5] == "non-numeric value “four”"
    assert messages[7] == "numerator 900 is above the denominator 800"
    assert messages[9] == "period 2025-07-01 is in the future"
    assert messages[11] == "duplicate period 2025-03-01 (also on row 10)"


def test_it_keeps_each_row_under_the_start_of_its_measures_period() -> None:
    quarterly = MeasureRef(4, "Complaints", "c", "quarterly")
    checked = check_table(
        csv_table(
            "measure,period,value,numerator,denominator\n"
            '"Falls per 1,000 bed days",2025-01-09,4,,\n'  # a Thursday: its Monday
            "Seen within 4 hours,17/03/2025,,5,10\n"
            "Complaints,2025-05-20,7,,\n"
        ),
        [*MEASURES, quarterly],
        today=TODAY,
    )
    assert checked.problems == []
    assert [row.period for row in checked.rows] == [
        dt.date(2025, 1, 6),
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 1),
    ]


def test_two_days_of_one_month_are_a_duplicate_period_for_a_monthly_measure() -> None:
    problems = check(
        "measure,period,value,numerator,denominator\n"
        "Seen within 4 hours,2025-03-03,,5,10\n"
        "Seen within 4 hours,2025-03-24,,6,10\n"
        '"Falls per 1,000 bed days",2025-03-03,4,,\n'
        '"Falls per 1,000 bed days",2025-03-09,4,,\n'  # the Sunday of the same week
    )
    assert problems == [
        (3, Kind.DUPLICATE_PERIOD, "duplicate period 2025-03-01 (also on row 2)"),
        (5, Kind.DUPLICATE_PERIOD, "duplicate period 2025-03-03 (also on row 4)"),
    ]


def test_it_reports_several_problems_in_one_row() -> None:
    problems = check("measure,period,value\nNobody knows,yesterday,lots\n")
    assert [kind for _, kind, _ in problems] == [
        Kind.UNKNOWN_MEASURE,
        Kind.BAD_DATE,
        Kind.NOT_A_NUMBER,
    ]


def test_it_reports_missing_columns_on_the_header_row() -> None:
    assert check("measure,value\nx,1\n") == [
        (1, Kind.MISSING_COLUMN, "The file has no “period” column.")
    ]
    assert check("measure,period,note\n")[0][2] == (
        "The file has no “value (or numerator and denominator)” column."
    )


def test_it_lets_a_single_measure_upload_leave_out_the_measure_column() -> None:
    checked = check_table(
        csv_table("period,numerator,denominator\n2025-01,5,10\n2025-02,6,10\n"),
        MEASURES,
        today=TODAY,
        only=FOUR_HOURS,
    )
    assert [(row.measure_id, row.period) for row in checked.rows] == [
        (2, dt.date(2025, 1, 1)),
        (2, dt.date(2025, 2, 1)),
    ]
    assert check("period,value\n2025-01-06,3\n", only=FOUR_HOURS)[0][2] == (
        "The file has no “numerator” or “denominator” column."
    )
    assert check("measure,period,value\nC. difficile infections,2025-01-06,3\n", only=FALLS)[0][
        1
    ] == (Kind.OTHER_MEASURE)


def test_it_skips_blank_rows_but_keeps_row_numbers_and_names_ignored_columns() -> None:
    checked = check_table(
        csv_table("measure,period,value,ward\n,,,\nFalls per 1,2025-01-06,x,A\n"),
        MEASURES,
        today=TODAY,
    )
    assert [problem.row for problem in checked.problems] == [3, 3]
    assert checked.ignored_columns == ["ward"]


def test_it_reads_an_excel_workbook_with_real_dates_and_numbers() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Measure", "Period", "Numerator", "Denominator"])
    sheet.append(["Seen within 4 hours", dt.datetime(2025, 1, 1), 812, 1040])
    sheet.append([None, None, None, None])
    sheet.append(["Seen within 4 hours", "01/02/2025", 900, 800])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), "data.xlsx")
    checked = check_table(table, MEASURES, today=TODAY)

    assert [(row.period, row.numerator) for row in checked.rows] == [(dt.date(2025, 1, 1), 812)]
    assert [(problem.row, problem.kind) for problem in checked.problems] == [
        (4, Kind.NUMERATOR_ABOVE_DENOMINATOR)
    ]


def test_it_reads_excel_csv_exports_with_a_bom_semicolons_or_cp1252() -> None:
    for data in (
        "\ufeffmeasure;period;value\nFalls per 1,000 bed days;06/01/2025;4.5\n".encode(),
        "measure,period,value,note\nC. difficile infections,2025-01-01,1,café\n".encode("cp1252"),
    ):
        table = read_table(data, "export.csv")
        assert table.header[0] == "measure"
    assert read_table("a,note\n1,café\n".encode("cp1252"), "x.csv").rows == [["1", "café"]]


def test_it_refuses_files_that_are_not_tables() -> None:
    with pytest.raises(UnreadableFile):
        read_table(b"", "empty.csv")
    with pytest.raises(UnreadableFile):
        read_table(b"PK\x03\x04 not really a workbook", "broken.xlsx")
    with pytest.raises(UnreadableFile):
        read_table(b"\x00\x01\x02binary", "photo.csv")

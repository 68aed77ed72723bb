"""CSV parsing, validation and formatting for the command line (kaizen_spc._csvio)."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import math
import struct
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from kaizen_spc._csvio import MAX_REPORTED_PROBLEMS, InputError, parse_period, read_table
from kaizen_spc._csvout import (
    POINT_COLUMNS,
    SUMMARY_COLUMNS,
    format_floats,
    points_csv,
    results_json,
    summary_csv,
)


def problems_of(data: bytes, **columns: str) -> tuple[str, ...]:
    with pytest.raises(InputError) as raised:
        read_table(data, **columns)
    return raised.value.problems


def test_it_reads_dates_numbers_and_missing_values() -> None:
    table = read_table(b"period,value\n2024-01-01, 3.5\n2024-02-01,\n2024-03-01,  \n")

    assert table.period_kind == "date"
    assert table.frame.schema == {"period": pl.Date, "value": pl.Float64}
    assert table.frame["period"].to_list() == [dt.date(2024, m, 1) for m in (1, 2, 3)]
    assert table.frame["value"].to_list() == [3.5, None, None]


def test_it_reads_integer_periods_and_signed_numbers() -> None:
    table = read_table(b"period,value\n3,-1e3\n+4,.5\n")

    assert table.period_kind == "integer"
    assert table.frame["period"].to_list() == [3, 4]
    assert table.frame["value"].to_list() == [-1000.0, 0.5]


def test_it_uses_denominator_and_series_columns_only_when_present() -> None:
    plain = read_table(b"period,value,other\n1,2,x\n")
    full = read_table(b"series,period,value,denominator\nA&E,1,2,10\n")

    assert plain.columns.denominator is None and plain.columns.series is None
    assert plain.frame.columns == ["period", "value"]
    assert full.columns.denominator == "denominator" and full.columns.series == "series"
    assert full.frame.row(0) == (1, 2.0, 10.0, "A&E")


def test_it_reads_renamed_columns() -> None:
    table = read_table(
        b"month,cases,patients,ward\n2024-01-01,3,40,A\n",
        period="month",
        value="cases",
        denominator="patients",
        series="ward",
    )

    assert table.columns.period == "month" and table.columns.series == "ward"
    assert table.frame.row(0) == (dt.date(2024, 1, 1), 3.0, 40.0, "A")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"period,value\n1,2\n2,abc\n", "line 3, column value: 'abc' is not a number"),
        (b"period,value\n1,2\n2,inf\n", "line 3, column value: 'inf' is not a finite number"),
        (b"period,value\n1,NaN\n", "line 2, column value: 'NaN' is not a finite number"),
        (
            b"period,value\n2024-01-01,1\n2024-02-30,2\n",
            "line 3, column period: '2024-02-30' is not an ISO date (YYYY-MM-DD), "
            "as the first period is",
        ),
        (
            b"period,value\n2024-01-01,1\n2024-2-1,2\n",
            "line 3, column period: '2024-2-1' is not an ISO date (YYYY-MM-DD), "
            "as the first period is",
        ),
        (
            b"period,value\n1,1\n2024-01-01,2\n",
            "line 3, column period: '2024-01-01' is not an integer, as the first period is",
        ),
        (b"period,value\n1,1\n ,2\n", "line 3, column period: the period is missing"),
        (
            b"period,value,denominator\n1,1,ten\n",
            "line 2, column denominator: 'ten' is not a number",
        ),
    ],
)
def test_it_names_the_line_and_column_of_a_bad_cell(data: bytes, expected: str) -> None:
    assert problems_of(data) == (expected,)


def test_it_counts_lines_inside_quoted_cells_and_skips_blank_lines() -> None:
    data = b'period,value,note\n1,2,"two\nlines"\n\n2,x,\n3,4,\n\n'

    assert problems_of(data) == ("line 5, column value: 'x' is not a number",)
    assert read_table(data.replace(b"x", b"5")).frame["value"].to_list() == [2.0, 5.0, 4.0]


def test_it_reports_every_bad_row_up_to_a_cap_and_counts_the_rest() -> None:
    rows = "".join(f"{period},bad\n" for period in range(1, 31))

    problems = problems_of(f"period,value\n{rows}".encode())

    assert len(problems) == MAX_REPORTED_PROBLEMS + 1
    assert problems[0] == "line 2, column value: 'bad' is not a number"
    assert problems[MAX_REPORTED_PROBLEMS - 1].startswith("line 11,")
    assert problems[-1] == "... and 20 more bad cells"


def test_it_reports_problems_in_line_order_across_columns() -> None:
    problems = problems_of(b"period,value\n1,a\nx,2\n")

    assert [problem.split(",")[0] for problem in problems] == ["line 2", "line 3"]


def test_it_names_a_column_that_is_not_there() -> None:
    assert problems_of(b"month,value\n1,2\n") == (
        "column period: no such column (the header has month, value)",
    )
    assert problems_of(b"period,value\n1,2\n", series="ward")[0].startswith("column ward:")


@pytest.mark.parametrize("data", [b"", b"\n\n", b"period,value\n1,2,3\n"])
def test_it_rejects_input_that_is_not_a_table(data: bytes) -> None:
    assert len(problems_of(data)) == 1


def test_it_parses_command_line_periods_as_the_column_kind() -> None:
    assert parse_period("2024-03-01", "date") == dt.date(2024, 3, 1)
    assert parse_period(" 7 ", "integer") == 7
    for text, kind in (("7", "date"), ("2024-03-01", "integer"), ("2024-3-1", "date")):
        with pytest.raises(ValueError, match="as the period column holds"):
            parse_period(text, kind)  # type: ignore[arg-type]


def test_it_formats_floats_in_the_shortest_form_that_parses_back_exactly() -> None:
    rng = np.random.default_rng(7)
    numbers = np.concatenate(
        [
            rng.normal(size=2000) * 10.0 ** rng.integers(-300, 300, size=2000),
            [0.1, 1 / 3, 2.0, 5e-324, 1.7976931348623157e308, 123456789.0, -0.0],
        ]
    )

    texts = format_floats(pl.Series("x", numbers)).to_list()

    assert texts[-7:] == [
        "0.1",
        "0.3333333333333333",
        "2.0",
        "5e-324",
        "1.7976931348623157e+308",
        "123456789.0",
        "-0.0",
    ]
    for number, text in zip(numbers.tolist(), texts, strict=True):
        assert struct.pack("<d", float(text)) == struct.pack("<d", number)
        # Shortest: as many significant digits as Python's repr (itself the shortest).
        assert len(text.split("e")[0].strip("-0.").replace(".", "")) <= len(
            repr(number).split("e")[0].strip("-0.").replace(".", "")
        )


def test_csv_cells_and_json_tokens_write_the_same_text_for_a_float() -> None:
    numbers = pl.Series("x", np.random.default_rng(8).normal(size=1000) * 1e5)
    written = pl.DataFrame([numbers]).write_csv(include_header=False).splitlines()
    assert written == format_floats(numbers).to_list()


def test_it_formats_missing_and_non_finite_as_missing() -> None:
    texts = format_floats(pl.Series("x", [1.5, None, math.nan, math.inf, 1.5]))

    assert texts.to_list() == ["1.5", None, None, None, "1.5"]
    assert texts.name == "x"


def points_frame() -> pl.DataFrame:
    row = {
        "series": "A, B",
        "period": dt.date(2024, 1, 1),
        "value": 0.1,
        "denominator": None,
        "segment": 0,
        "baseline": True,
        "included": False,
        "centre": 1 / 3,
        "lower": None,
        "upper": 2.0,
        "lower_2s": math.nan,
        "upper_2s": 1.0,
        "outside_limits": False,
        "shift": True,
        "trend": False,
        "two_in_three": False,
        "special_cause": True,
        "point_type": "special_cause_improvement",
    }
    schema = {name: pl.Float64 for name in ("value", "denominator", "lower", "lower_2s")}
    return pl.DataFrame([row], schema_overrides=schema)


def summary_frame() -> pl.DataFrame:
    row = {
        "series": "A, B",
        "chart": "xmr",
        "rules": "mdc",
        "n": 1,
        "n_useful": 1,
        "centre": 1 / 3,
        "lower": None,
        "upper": 2.0,
        "variation_icon": "improvement_high",
        "assurance_icon": "",
        "longest_run": None,
        "longest_run_max": None,
        "crossings": None,
        "crossings_min": None,
        "runs_signal": False,
        "short_group_warning": True,
        "warnings": ["fewer than 12 points", 'a "quoted" warning'],
        "suggested_rebase": None,
    }
    integers = ("longest_run", "longest_run_max", "crossings", "crossings_min")
    return pl.DataFrame(
        [row], schema_overrides={"lower": pl.Float64, "suggested_rebase": pl.Date}
    ).cast(dict.fromkeys(integers, pl.Int64))


def test_it_writes_points_as_csv_with_true_false_and_empty_missing() -> None:
    lines = points_csv(points_frame()).to_bytes().decode().splitlines()

    assert lines[0] == ",".join(POINT_COLUMNS)
    assert lines[1] == (
        '"A, B",2024-01-01,0.1,,0,true,false,0.3333333333333333,,2.0,,1.0,'
        "false,true,false,false,true,special_cause_improvement"
    )


def test_it_writes_the_summary_with_warnings_in_one_cell() -> None:
    lines = summary_csv(summary_frame()).to_bytes().decode().splitlines()

    assert lines[0] == ",".join(SUMMARY_COLUMNS)
    assert lines[1].endswith(',false,true,"fewer than 12 points; a ""quoted"" warning"')


def test_it_writes_json_series_with_summary_and_points() -> None:
    document = json.loads(results_json(points_frame(), summary_frame()).to_bytes())

    [entry] = document["series"]
    assert list(entry) == ["series", "summary", "points"]
    assert entry["series"] == "A, B"
    assert list(entry["summary"]) == list(SUMMARY_COLUMNS)
    assert entry["summary"]["warnings"] == ["fewer than 12 points", 'a "quoted" warning']
    assert entry["summary"]["lower"] is None and entry["summary"]["centre"] == 1 / 3
    [point] = entry["points"]
    assert list(point) == list(POINT_COLUMNS)
    assert point["period"] == "2024-01-01" and point["value"] == 0.1
    assert point["denominator"] is None and point["lower_2s"] is None
    assert point["baseline"] is True and point["segment"] == 0


def test_it_writes_json_numbers_in_the_shortest_round_trip_form() -> None:
    text = results_json(points_frame(), summary_frame()).to_bytes().decode()

    assert '"value": 0.1,' in text
    assert '"centre": 0.3333333333333333,' in text


def test_it_quotes_series_names_that_need_it_and_reads_back_the_same() -> None:
    names = ["plain", "ward, A", 'say "hi"', "two\nlines", ""]
    points = pl.concat([points_frame().with_columns(series=pl.lit(name)) for name in names])

    text = points_csv(points).to_bytes().decode()

    assert text.splitlines()[1].startswith("plain,2024-01-01,")
    read_back = pl.read_csv(io.StringIO(text), infer_schema=False)
    assert read_back["series"].to_list() == [*names[:-1], None]


def test_a_clean_file_is_read_straight_into_typed_columns_as_the_text_path_reads_it(
    tmp_path: Path,
) -> None:
    rows = [
        f"ward {'CAB'[i % 3]},2024-{i % 12 + 1:02d}-01,{i * 0.7:.1f},{i + 10}" for i in range(36)
    ]
    clean = ("series,period,value,denominator\n" + "\n".join(rows) + "\n").encode()
    path = tmp_path / "clean.csv"
    path.write_bytes(clean)
    fast = read_table(path)
    # A blank line makes the typed reader give way to the text path.
    slow = read_table(clean.replace(b"\n", b"\n\n", 1))

    assert fast.raw is None and slow.raw is not None
    assert fast.frame.with_columns(pl.col("series").cast(pl.String)).equals(slow.frame)
    assert fast.line(5) == 7 and slow.line(5) == 8


def test_the_streaming_reader_reads_a_file_as_the_text_path_reads_it(tmp_path: Path) -> None:
    rows = [f"ward {i % 4},{i // 4 + 1},{i * 1.5}" for i in range(200)]
    data = ("series,period,value\r\n" + "\r\n".join(rows) + "\r\n").encode()
    path = tmp_path / "in.csv"
    path.write_bytes(codecs.BOM_UTF8 + data)
    streamed = read_table(path)
    # A blank line makes the typed reader give way to the text path.
    text = read_table(data.replace(b"\r\n", b"\r\n\r\n", 1))

    assert streamed.raw is None and text.raw is not None
    assert streamed.frame.height == 200
    assert streamed.frame.with_columns(pl.col("series").cast(pl.String)).equals(text.frame)
    # A quoted line break stays in its cell, and lines are still counted past it.
    quoted = 'series,period,value\n"ward\nA",1,2\n' + "".join(f"B,{i},3\n" for i in range(2, 60))
    path.write_text(quoted)
    table = read_table(path)
    assert table.raw is None and table.frame["series"][0] == "ward\nA"
    assert table.line(1) == 4


@pytest.mark.parametrize("ending", [b"\n", b"\n\n\n", b"\r\n\r\n"])
def test_blank_lines_ending_a_file_keep_the_typed_read(tmp_path: Path, ending: bytes) -> None:
    newline = b"\r\n" if b"\r" in ending else b"\n"
    data = newline.join([b"series,period,value", b"A,1,2", b"A,2,3", b"B,1,4"]) + newline
    path = tmp_path / "in.csv"
    path.write_bytes(data + ending)
    typed = read_table(path)
    # A blank line inside the file sends it through the text path.
    text = read_table(data.replace(newline, newline * 2, 1) + ending)

    assert typed.raw is None and text.raw is not None
    assert typed.frame.with_columns(pl.col("series").cast(pl.String)).equals(text.frame)
    assert typed.frame.height == 3 and typed.line(2) == 4


def test_a_last_row_with_values_only_in_other_columns_is_still_named() -> None:
    data = b"note,period,value\nok,1,2\nok,2,3\nforgot,,\n"
    with pytest.raises(InputError) as raised:
        read_table(data)
    assert raised.value.problems == ("line 4, column period: the period is missing",)


def test_a_windows_1252_file_is_read_from_a_utf8_copy_as_the_text_path_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    rows = [f"A&E – Café {i % 3},{i // 3 + 1},{i * 0.5}" for i in range(30)]
    data = ("series,period,value\r\n" + "\r\n".join(rows) + "\r\n").encode("cp1252")
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    typed = read_table(path)
    # Given as bytes (standard input), the text path reads it.
    text = read_table(data)

    assert typed.raw is None and text.raw is not None
    assert typed.frame.with_columns(pl.col("series").cast(pl.String)).equals(text.frame)
    assert typed.frame["series"][0] == "A&E – Café 0"
    # The copy is gone once read.
    assert list(temporary.iterdir()) == []

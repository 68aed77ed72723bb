"""The command line on messy files and at scale (issue 10 items 7 and 8), and its funnel mode."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from test_cli import NO_DATA_ROWS, measures, read_points, run, write_csv

from kaizen_spc import api, cli
from kaizen_spc._funnelio import FUNNEL_SUMMARY_COLUMNS, UNIT_COLUMNS


def write_bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    return path


def test_several_series_columns_make_one_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(
        tmp_path, "org,indicator,period,value\nRX1,ae,1,3\nRX1,rtt,1,4\nRX2,ae,1,5\nRX1,ae,2,6\n"
    )
    code, out, err = run(capsys, source, "--series-col", "org,indicator")
    repeated = run(capsys, source, "--series-col", "org", "--series-col", "indicator")

    assert (code, err) == (0, "")
    assert repeated[1] == out
    series = read_points(out)["series"].to_list()
    assert series == ["RX1 / ae", "RX1 / ae", "RX1 / rtt", "RX2 / ae"]
    code, _, err = run(capsys, source, "--series-col", "org,ward")
    assert code == 2 and "column ward: no such column" in err


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"period,value\n1,2\n2,3,4\n3,4\n",
            "kaizen-spc: line 3: this line has 3 cells but the header has 2; "
            "is a comma inside a value that is not in quotes?\n",
        ),
        (b'period,value\n1,2\n2,"3\n3,4\n', "kaizen-spc: line 3: a value opened with a quote"),
        (
            b"period,value,value\n1,2,3\n",
            "kaizen-spc: line 1: the column name 'value' appears more than once",
        ),
        (
            b"series,period,value\nA,1,2\n\x81B,2,3\n",
            "kaizen-spc: line 3: byte 0x81 is neither UTF-8 nor Windows-1252 text",
        ),
        (
            b"period,value\n1,2\n2,1e307\n",
            "kaizen-spc: line 3, column value: '1e307' is out of range",
        ),
        (
            b"period,value,denominator\n1,2,-inf\n2,NaN,4\n",
            "kaizen-spc: line 2, column denominator: '-inf' is not a finite number\n"
            "kaizen-spc: line 3, column value: 'NaN' is not a finite number\n",
        ),
    ],
)
def test_a_malformed_file_names_the_line_in_our_own_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str
) -> None:
    output = tmp_path / "out.csv"
    code, out, err = run(capsys, write_bytes(tmp_path, data), "-o", output)

    assert (code, out) == (2, "")
    assert err.startswith(expected)
    assert "polars" not in err.lower() and "schema" not in err.lower()
    assert not output.exists() and list(tmp_path.iterdir()) == [tmp_path / "in.csv"]


def test_a_windows_1252_file_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = "series,period,value\nA&E – Café,1,2\nA&E – Café,2,3\n".encode("cp1252")
    code, out, err = run(capsys, write_bytes(tmp_path, data))

    assert (code, err) == (0, "")
    assert read_points(out)["series"].to_list() == ["A&E – Café"] * 2


@pytest.mark.parametrize(
    ("text", "arguments"),
    [
        ("period;value;denominator\n1;2;10\n2;3;10\n", ()),
        ("period\tvalue\tdenominator\n1\t2\t10\n2\t3\t10\n", ()),
        ("period;value;denominator\n1;2;10\n2;3;10\n", ("--separator", "semicolon")),
    ],
)
def test_semicolons_and_tabs_are_detected_or_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, arguments: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, write_csv(tmp_path, text), "--chart", "p", *arguments)

    assert (code, err) == (0, "")
    assert read_points(out)["value"].to_list() == ["0.2", "0.3"]


@pytest.mark.parametrize(
    ("text", "arguments", "expected"),
    [
        (
            "period;value\n1;2,5\n2;1,000\n3;x\n",
            (),
            "kaizen-spc: line 2, column value: '2,5' is not a number: write it without a comma "
            "(a decimal point, as in 2.5; no thousands separator)\n"
            "kaizen-spc: line 3, column value: '1,000' is not a number: write it without a comma "
            "(a decimal point, as in 2.5; no thousands separator)\n"
            "kaizen-spc: line 4, column value: 'x' is not a number\n",
        ),
        (
            "period,value\n1,2\n",
            ("--separator", "semicolon"),
            "kaizen-spc: line 1: the header has no semicolon; its columns seem to be separated "
            "by commas (leave out --separator to detect it)\n",
        ),
    ],
)
def test_a_decimal_comma_and_a_wrong_separator_are_named_with_what_to_do(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    arguments: tuple[str, ...],
    expected: str,
) -> None:
    assert run(capsys, write_csv(tmp_path, text), *arguments) == (2, "", expected)


@pytest.mark.parametrize(
    ("text", "chart", "expected"),
    [
        ("period,value,denominator\n1,2,10\n2,-3,10\n", "p", "line 3, column value: '-3': a "),
        ("period,value,denominator\n1,2,10\n2,3,-10\n", "u", "line 3, column denominator: '-10'"),
        ("period,value\n1,2\n2,-1\n", "c", "line 3, column value: '-1': a count cannot be neg"),
        ("period,value\n1,2\n2,1.5\n", "c", "line 3, column value: '1.5': a count is a whole"),
        ("period,value\n1,2\n2,-4\n", "g", "line 3, column value: '-4': a number of cases"),
    ],
)
def test_values_a_chart_cannot_take_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, chart: str, expected: str
) -> None:
    code, out, err = run(capsys, write_csv(tmp_path, text), "--chart", chart)

    assert (code, out) == (2, "")
    assert err.startswith(f"kaizen-spc: {expected}")


def test_fractional_and_negative_values_are_fine_on_an_xmr_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, write_csv(tmp_path, "period,value\n1,-2.5\n2,1.5\n"))
    assert (code, err) == (0, "")


def test_a_header_only_file_says_it_has_no_data_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, write_csv(tmp_path, "period;value\n"))
    assert (code, err) == (0, f"kaizen-spc: warning: {NO_DATA_ROWS}\n")


def test_proportions_given_as_values_on_a_p_chart_are_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proportions = write_csv(tmp_path, "period,value,denominator\n1,0.2,10\n2,0.35,20\n")
    counts = write_csv(tmp_path, "period,value,denominator\n1,0,10\n2,1,20\n", name="c.csv")

    code, _, err = run(capsys, proportions, "--chart", "pp")
    assert code == 0
    assert err.startswith("kaizen-spc: warning: every value in column value lies between 0 and 1")
    assert "--numerator-col" in err
    # Counts of 0 and 1 are counts; a named numerator column is what the user meant.
    assert run(capsys, counts, "--chart", "p")[2] == ""
    assert run(capsys, proportions, "--chart", "p", "--numerator-col", "value")[2] == ""
    assert run(capsys, proportions, "--chart", "xmr")[2] == ""


def test_help_states_every_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, help_text, _ = run(capsys, "--help")
    assert code == 0
    parser = cli._parser()
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            assert "default" in (action.help or ""), action.option_strings
    assert "(default: increase)" in help_text and "default: xmr" in help_text


def test_the_output_is_written_chunk_by_chunk_and_equals_one_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv(tmp_path, measures(series_count=7))
    whole = run(capsys, source, "--chart", "p", "--format", "json", "--summary", tmp_path / "a")
    whole_csv = run(capsys, source, "--chart", "p")
    monkeypatch.setattr(cli, "CHUNK_SERIES", 2)
    seen: list[int] = []
    real = api.spc_batches

    def spy(frame: pl.DataFrame, **arguments: object) -> object:
        for batch in real(frame, **arguments):  # type: ignore[arg-type]
            seen.append(batch.summary.height)
            yield batch

    monkeypatch.setattr(cli, "spc_batches", spy)
    chunked = run(capsys, source, "--chart", "p", "--format", "json", "--summary", tmp_path / "b")

    assert seen == [2, 2, 2, 1]
    assert chunked == whole and len(json.loads(chunked[1])["series"]) == 7
    assert (tmp_path / "a").read_text() == (tmp_path / "b").read_text()
    assert run(capsys, source, "--chart", "p") == whole_csv


def test_no_points_writes_only_the_summary_and_builds_no_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv(tmp_path, measures())
    run(capsys, source, "--summary", tmp_path / "full.csv")
    built: list[int] = []
    real = api.spc_batches

    def spy(frame: pl.DataFrame, **arguments: object) -> object:
        for batch in real(frame, **arguments):  # type: ignore[arg-type]
            built.append(batch.points.height)
            yield batch

    monkeypatch.setattr(cli, "spc_batches", spy)
    code, out, err = run(capsys, source, "--no-points", "--summary", tmp_path / "only.csv")

    assert (code, out, err) == (0, "", "")
    assert (tmp_path / "only.csv").read_text() == (tmp_path / "full.csv").read_text()
    assert built == [0]
    # The SVGs are drawn from the points: asked for, they are built.
    run(capsys, source, "--no-points", "--summary", tmp_path / "s.csv", "--svg", tmp_path / "svg")
    assert built[-1] == 72 and len(list((tmp_path / "svg").iterdir())) == 3
    code, _, err = run(capsys, source, "--no-points")
    assert code == 2 and "--summary" in err


def test_files_are_renamed_into_place_readable_as_any_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.csv"
    assert run(capsys, write_csv(tmp_path, measures()), "-o", output)[0] == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.csv", "out.csv"]
    assert output.stat().st_mode & 0o044 == 0o044


FUNNEL = "trust,period,deaths,admissions\nA,1,12,82\nA,2,0,0\nB,1,30,98\nC,1,48,82\nD,1,26,100\n"


def test_the_funnel_mode_writes_one_unit_per_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path, FUNNEL)
    arguments = ("--funnel", "proportion", "--series-col", "trust", "--numerator-col", "deaths")
    summary = tmp_path / "funnel.csv"
    code, out, err = run(
        capsys, source, *arguments, "--denominator-col", "admissions", "--summary", summary
    )

    assert (code, err) == (0, "")
    units = pl.read_csv(out.encode())
    assert units.columns == list(UNIT_COLUMNS)
    assert pl.read_csv(summary).columns == list(FUNNEL_SUMMARY_COLUMNS)
    assert units["unit"].to_list() == ["A", "B", "C", "D"]
    assert units["numerator"].to_list() == [12.0, 30.0, 48.0, 26.0]
    assert units["value"][2] == pytest.approx(48 / 82)
    assert pl.read_csv(summary)["target"][0] == pytest.approx(116 / 362)
    code, out, _ = run(
        capsys, source, *arguments, "--denominator-col", "admissions", "--format", "json"
    )
    document = json.loads(out)
    assert document["summary"]["units"] == 4 and document["units"][0]["unit"] == "A"


def test_the_funnel_mode_refuses_bad_units_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path, FUNNEL.replace("D,1,26,100", "D,1,126,100"))
    arguments = ("--funnel", "proportion", "--series-col", "trust", "--value-col", "deaths")
    code, out, err = run(capsys, source, *arguments, "--denominator-col", "admissions")

    assert (code, out) == (2, "")
    assert err == (
        "kaizen-spc: unit 'D' (first on line 6): the numerator 126 is above its denominator 100\n"
    )
    code, _, err = run(capsys, source, *arguments)
    assert code == 2 and "needs a denominator column" in err


def test_the_funnel_mode_refuses_a_unit_with_a_missing_number_and_draws_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = (
        "--series-col",
        "trust",
        "--value-col",
        "deaths",
        "--denominator-col",
        "admissions",
    )
    missing = write_csv(tmp_path, FUNNEL.replace("C,1,48,82", "C,1,,82"))
    code, _, err = run(capsys, missing, "--funnel", "proportion", *arguments)
    assert code == 2
    assert err == (
        "kaizen-spc: line 5: unit 'C' has a missing numerator or denominator; "
        "a funnel plot needs both for every unit\n"
    )
    rates = write_csv(tmp_path, FUNNEL.replace("B,1,30,98", "B,1,130,98"), name="r.csv")
    code, out, _ = run(capsys, rates, "--funnel", "rate", "--multiply", "1000", *arguments)
    assert code == 0
    assert pl.read_csv(out.encode())["value"][1] == pytest.approx(130 / 98 * 1000)

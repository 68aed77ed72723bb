"""The kaizen-spc command line: options, output formats, errors and standard streams."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from kaizen_spc import api, cli
from kaizen_spc.cli import main
from kaizen_spc.types import SPCOptions

NO_DATA_ROWS = "the input has a header but no data rows; the output has only headers"

POINT_COLUMNS = [
    "series",
    "period",
    "value",
    "denominator",
    "segment",
    "baseline",
    "included",
    "centre",
    "lower",
    "upper",
    "lower_2s",
    "upper_2s",
    "outside_limits",
    "shift",
    "trend",
    "two_in_three",
    "special_cause",
    "point_type",
]
SUMMARY_COLUMNS = [
    "series",
    "chart",
    "rules",
    "n",
    "n_useful",
    "centre",
    "lower",
    "upper",
    "variation_icon",
    "assurance_icon",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "runs_signal",
    "short_group_warning",
    "warnings",
]
FLOAT_COLUMNS = ("value", "denominator", "centre", "lower", "upper", "lower_2s", "upper_2s")


def measures(series_count: int = 3, points: int = 24, seed: int = 1) -> pl.DataFrame:
    """Monthly series with missing values, in shuffled row order, as a user's export might be."""
    rng = np.random.default_rng(seed)
    rows = series_count * points
    values = np.round(rng.normal(50, 6, size=rows), 2).tolist()
    for at in rng.choice(rows, size=rows // 20, replace=False):
        values[at] = None
    table = pl.DataFrame(
        {
            "series": [
                f"ward {chr(ord('C') - s)}" for s in range(series_count) for _ in range(points)
            ],
            "period": [
                dt.date(2021 + p // 12, p % 12 + 1, 1)
                for _ in range(series_count)
                for p in range(points)
            ],
            "value": values,
            "denominator": rng.integers(80, 120, size=rows).astype(float),
        }
    )
    return table.sample(fraction=1.0, shuffle=True, seed=seed)


def write_csv(tmp_path: Path, table: pl.DataFrame | str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    if isinstance(table, str):
        path.write_text(table)
    else:
        table.write_csv(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_points(text: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(text), infer_schema=False)


def as_bits(column: pl.Series) -> list[int | None]:
    """Floats by bit pattern, so that equality means the identical double."""
    numbers = column.cast(pl.Float64).fill_nan(None)
    return [None if x is None else int(np.float64(x).view(np.int64)) for x in numbers.to_list()]


def test_it_writes_the_points_of_spc_batch_to_the_last_bit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = measures()
    code, out, err = run(capsys, write_csv(tmp_path, table), "--chart", "p")

    assert (code, err) == (0, "")
    written = read_points(out)
    expected = api.spc_batch(
        table,
        period="period",
        value="value",
        denominator="denominator",
        series="series",
        options=SPCOptions(chart="p"),
    ).points
    assert written.columns == POINT_COLUMNS
    assert written.height == expected.height == table.height
    for name in FLOAT_COLUMNS:
        assert as_bits(written[name]) == as_bits(expected[name]), name
    assert written["period"].to_list() == expected["period"].cast(pl.String).to_list()
    for name in ("outside_limits", "shift", "special_cause", "baseline", "included"):
        assert written[name].to_list() == ["true" if flag else "false" for flag in expected[name]]
    assert written["point_type"].to_list() == expected["point_type"].cast(pl.String).to_list()


def test_it_orders_points_by_series_then_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, write_csv(tmp_path, measures()))

    written = read_points(out).select("series", "period")
    assert code == 0
    assert written.rows() == sorted(written.rows())
    assert written["series"].unique(maintain_order=True).to_list() == ["ward A", "ward B", "ward C"]


def test_it_writes_shortest_round_trip_numbers_and_missing_values_as_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path, "period,value\n1,0.1\n2,\n3,0.30000000000000004\n4,0.2\n")

    code, out, _ = run(capsys, source)

    lines = out.splitlines()
    assert code == 0 and lines[0] == ",".join(POINT_COLUMNS)
    assert lines[1].startswith(",1,0.1,,0,")
    assert lines[2].startswith(",2,,,0,")
    assert lines[3].startswith(",3,0.30000000000000004,")
    # The shortest text that reads back as the same double: Python's repr is exactly that.
    centre = read_points(out)["centre"][0]
    assert centre == repr(float(centre))


def test_it_writes_json_with_a_summary_and_points_per_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = measures(series_count=2, points=15)

    code, out, _ = run(capsys, write_csv(tmp_path, table), "--format", "json")

    document = json.loads(out)
    assert code == 0 and list(document) == ["series"]
    assert [entry["series"] for entry in document["series"]] == ["ward B", "ward C"]
    for entry in document["series"]:
        assert list(entry) == ["series", "summary", "points"]
        assert list(entry["summary"]) == SUMMARY_COLUMNS
        assert entry["summary"]["n"] == 15
        assert [list(point) for point in entry["points"]] == [POINT_COLUMNS] * 15
        assert {point["series"] for point in entry["points"]} == {entry["series"]}
        missing = [point for point in entry["points"] if point["value"] is None]
        assert (
            len(missing)
            == table.filter(pl.col("series") == entry["series"], pl.col("value").is_null()).height
        )


def test_it_writes_the_summary_and_an_svg_per_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = measures().with_columns(pl.col("series").replace({"ward A": "A&E / type 1"}))
    summary, charts, output = tmp_path / "summary.csv", tmp_path / "charts", tmp_path / "out.csv"

    code, out, _ = run(
        capsys,
        write_csv(tmp_path, table),
        *("--summary", summary, "--svg", charts, "-o", output, "--target", "50"),
    )

    assert (code, out) == (0, "")
    assert read_points(output.read_text()).height == table.height
    rows = pl.read_csv(summary, infer_schema=False)
    assert rows.columns == SUMMARY_COLUMNS
    assert rows["series"].to_list() == ["A&E / type 1", "ward B", "ward C"]
    assert rows["n"].to_list() == ["24", "24", "24"]
    assert sorted(path.name for path in charts.iterdir()) == [
        "A_E_type_1.svg",
        "ward_B.svg",
        "ward_C.svg",
    ]
    chart = (charts / "A_E_type_1.svg").read_text()
    assert ">A&amp;E / type 1</title>" in chart and 'class="target"' in chart


def test_it_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"period,value\n1,5\n2,6\n")))

    code, out, _ = run(capsys, "-")

    assert code == 0
    assert read_points(out)["value"].to_list() == ["5.0", "6.0"]


def test_it_reads_renamed_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = measures(series_count=2).rename(
        {"series": "ward", "period": "month", "value": "falls", "denominator": "beds"}
    )

    code, out, _ = run(
        capsys,
        write_csv(tmp_path, table),
        *("--series-col", "ward", "--period-col", "month"),
        *("--value-col", "falls", "--denominator-col", "beds", "--chart", "u"),
    )

    written = read_points(out)
    assert code == 0 and written.columns == POINT_COLUMNS
    assert written["series"].unique().sort().to_list() == ["ward B", "ward C"]
    assert written["denominator"].null_count() < written.height


def test_it_passes_every_option_to_the_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[SPCOptions] = []
    real_spc_batches = api.spc_batches

    def spy(frame: pl.DataFrame, **arguments: Any) -> Iterator[api.BatchResult]:
        received.append(arguments["options"])
        return real_spc_batches(frame, **arguments)

    # The command line charts a chunk of series at a time (spc_batches).
    monkeypatch.setattr(cli, "spc_batches", spy)
    source = write_csv(tmp_path, measures())
    arguments = (
        *("--chart", "xbar", "--rules", "ihi", "--improvement", "decrease", "--target", "49.5"),
        *("--rebase", "2022-01-01", "--rebase", "2022-06-01", "--baseline", "4"),
        *("--exclude", "2021-03-01", "--exclude", "2021-04-01", "--centre", "50"),
        *("--multiply", "100", "--no-screen", "--no-negative", "--shift-length", "8"),
        *("--trend-length", "6", "--two-in-three-beyond", "--aggregate", "median"),
    )

    assert run(capsys, source, *arguments)[0] == 0
    assert received == [
        SPCOptions(
            chart="xbar",
            rules="ihi",
            improvement="decrease",
            target=49.5,
            rebase=(dt.date(2022, 1, 1), dt.date(2022, 6, 1)),
            baseline=4,
            exclude=(dt.date(2021, 3, 1), dt.date(2021, 4, 1)),
            centre=50.0,
            multiply=100.0,
            screen=False,
            allow_negative=False,
            shift_length=8,
            trend_length=6,
            two_in_three_beyond=True,
            aggregate="median",
        )
    ]
    assert run(capsys, source)[0] == 0
    assert received[-1] == SPCOptions()


def test_it_charts_segments_baselines_and_exclusions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"{period},{10 + period % 4}\n" for period in range(1, 31))
    source = write_csv(tmp_path, f"period,value\n{rows}")

    code, out, _ = run(
        capsys, source, "--rebase", "16", "--baseline", "12", "--exclude", "3", "--target", "20"
    )

    written = read_points(out)
    assert code == 0
    assert written["segment"].to_list() == ["0"] * 15 + ["1"] * 15
    assert written["baseline"].to_list() == (["true"] * 12 + ["false"] * 3) * 2
    assert written.filter(pl.col("included") == "false")["period"].to_list() == ["3"]


def test_it_charts_several_observations_of_a_period_as_one_subgroup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    observations = "".join(
        f"{period},{period + shift}\n" for period in range(1, 13) for shift in (0, 1, 5)
    )
    source = write_csv(tmp_path, f"period,value\n{observations}")

    mean_code, mean_out, _ = run(capsys, source, "--chart", "run")
    median_code, median_out, _ = run(capsys, source, "--chart", "run", "--aggregate", "median")
    mdc_code, _, mdc_err = run(capsys, source, "--rules", "mdc")

    assert (mean_code, median_code) == (0, 0)
    assert read_points(mean_out)["value"].to_list()[:2] == ["3.0", "4.0"]
    assert read_points(median_out)["value"].to_list()[:2] == ["2.0", "3.0"]
    assert mdc_code == 2 and "more than once" in mdc_err


BAD_INPUTS = [
    ("period,value\n1,2\n2,abc\n", (), "line 3, column value: 'abc' is not a number"),
    ("period,value\n2024-01-01,2\n2024-13-01,3\n", (), "line 3, column period:"),
    ("period,value\n1,2\n", ("--value-col", "rate"), "column rate: no such column"),
    (
        "period,value,denominator\n1,2,10\n2,3,-4\n",
        ("--chart", "p"),
        "line 3, column denominator: ",
    ),
    ("period,value,denominator\n1,2,10\n2,12,11\n", ("--chart", "p"), "line 3, column value: "),
    ("period,value\n1,2\n2,0\n3,4\n", ("--chart", "t"), "line 3, column value: "),
    ("period,value\n1,2\n2,3\n", ("--rebase", "2024-01-01"), "--rebase: '2024-01-01'"),
    ("period,value\n1,2\n2,3\n", ("--exclude", "x"), "--exclude: 'x'"),
]


@pytest.mark.parametrize(("data", "options", "message"), BAD_INPUTS)
def test_it_rejects_bad_input_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: str,
    options: tuple[str, ...],
    message: str,
) -> None:
    output, summary, charts = tmp_path / "out.csv", tmp_path / "summary.csv", tmp_path / "svg"

    code, out, err = run(
        capsys,
        write_csv(tmp_path, data),
        *options,
        *("-o", output, "--summary", summary, "--svg", charts),
    )

    assert code == 2 and out == ""
    assert err.startswith("kaizen-spc: ") and message in err
    assert not output.exists() and not summary.exists() and not charts.exists()


def test_it_leaves_an_existing_output_file_untouched_on_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.csv"
    output.write_text("yesterday's results\n")

    code, _, _ = run(capsys, write_csv(tmp_path, "period,value\n1,x\n"), "-o", output)

    assert code == 2 and output.read_text() == "yesterday's results\n"


@pytest.mark.parametrize(
    "argv",
    [
        ("in.csv", "--colour", "red"),
        ("in.csv", "--chart", "pie"),
        ("in.csv", "--baseline", "0"),
        ("in.csv", "--target", "nan"),
        (),
    ],
)
def test_it_exits_2_on_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *argv)

    assert code == 2 and out == "" and "usage: kaizen-spc" in err


def test_it_reports_a_missing_input_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, tmp_path / "absent.csv")

    assert code == 2 and "absent.csv" in err


def test_it_runs_as_a_program_on_standard_input(tmp_path: Path) -> None:
    output = tmp_path / "points.json"
    program = Path(sys.executable).parent / "kaizen-spc"

    completed = subprocess.run(
        [program, "-", "--format", "json", "-o", output],
        input=b"series,period,value\nx,1,3\nx,2,4\ny,1,5\n",
        capture_output=True,
        check=False,
    )

    assert (completed.returncode, completed.stdout, completed.stderr) == (0, b"", b"")
    assert [entry["series"] for entry in json.loads(output.read_text())["series"]] == ["x", "y"]


def test_it_fails_as_a_program_with_status_2_and_no_heavy_imports(tmp_path: Path) -> None:
    # The CLI must start fast: neither Dask, pandas nor matplotlib on its path.
    script = (
        "import sys\nfrom kaizen_spc.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "heavy = {'dask', 'pandas', 'matplotlib', 'django'} & loaded\n"
        "print(sorted(heavy), file=sys.stderr)\nsys.exit(code)\n"
    )
    source = write_csv(tmp_path, "period,value\n1,3\n2,oops\n")

    completed = subprocess.run(
        [sys.executable, "-c", script, str(source)], capture_output=True, text=True, check=False
    )

    assert completed.returncode == 2 and completed.stdout == ""
    assert completed.stderr == "kaizen-spc: line 3, column value: 'oops' is not a number\n[]\n"


def test_it_exits_1_when_the_output_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path, "period,value\n1,2\n2,3\n")

    code, out, err = run(capsys, source, "-o", tmp_path / "absent" / "out.csv")

    assert (code, out) == (1, "")
    assert err.startswith("kaizen-spc: cannot write the output:") and "out.csv" in err


def test_it_writes_only_the_headers_for_an_input_with_no_data_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_csv(tmp_path, "series,period,value\n")
    summary = tmp_path / "summary.csv"
    code, out, err = run(capsys, source, "--summary", summary)

    # Not an error, but said (issue 10): the file may have lost its rows on the way.
    assert (code, err) == (0, f"kaizen-spc: warning: {NO_DATA_ROWS}\n")
    assert out == ",".join(POINT_COLUMNS) + "\n"
    assert summary.read_text() == ",".join(SUMMARY_COLUMNS) + "\n"
    code, out, _ = run(capsys, source, "--format", "json")
    assert (code, json.loads(out)) == (0, {"series": []})

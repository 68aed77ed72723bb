"""A long table of many series imported as measures: the reader, the command and the split."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kaizen.accounts.models import Organisation
from kaizen.imports.longtable import ColumnMapping, LongTableError, read_long_table
from kaizen.imports.models import ImportSource, OrganisationCode
from kaizen.measures.models import DataPoint, Measure
from kaizen.testing import published_file

TODAY = dt.date(2026, 1, 1)
HEADER = "org_code,org_name,measure,period,value,numerator,denominator\n"
NHSE = [
    "--series-col=org_code,measure",
    "--period-col=period",
    "--value-col=value",
    "--numerator-col=numerator",
    "--denominator-col=denominator",
    "--org-col=org_code",
    "--org-name-col=org_name",
    "--publisher=nhse",
]
MAPPING = ColumnMapping(
    series=("site", "indicator"), period="date", value="value", organisation="site"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "long.csv"
    path.write_text(text)
    return path


def run(path: Path, *args: str) -> str:
    output = io.StringIO()
    call_command("import_long_table", str(path), *args, stdout=output)
    return output.getvalue()


@pytest.mark.parametrize(
    ("dates", "frequency"),
    [
        (["2024-01-01", "2024-01-02", "2024-01-04"], "daily"),
        (["07/01/2024", "14/01/2024", "28/01/2024"], "weekly"),
        (["2024-01", "2024-02", "2024-05"], "monthly"),
        (["2024-01-01", "2024-04-01", "2024-10-01"], "quarterly"),
        (["2021-01-01", "2022-01-01", "2024-01-01"], "yearly"),
    ],
)
def test_the_frequency_is_detected_from_the_periods(
    tmp_path: Path, dates: list[str], frequency: str
) -> None:
    rows = "".join(f"RX1,falls,{date},{i}\n" for i, date in enumerate(dates))
    path = write(tmp_path, "site,indicator,date,value\n" + rows)

    table = read_long_table(path, MAPPING, today=TODAY)

    assert not table.problems
    (series,) = table.series
    assert (series.frequency, series.code, series.org_code) == (frequency, "RX1 | falls", "RX1")
    assert series.chart == "c"  # a small count


def test_a_weekly_series_keeps_the_weekday_its_weeks_start_on(
    tmp_path: Path, org: Organisation
) -> None:
    # Weeks ending on a Sunday, as NHS England's weekly files date them.
    sundays = [dt.date(2024, 1, 7) + dt.timedelta(weeks=n) for n in (0, 1, 3)]
    rows = "".join(f"RX1,falls,{day},{n}\n" for n, day in enumerate(sundays))
    path = write(tmp_path, "site,indicator,date,value\n" + rows)
    (series,) = read_long_table(path, MAPPING, today=TODAY).series
    assert (series.frequency, series.week_starts, series.periods) == ("weekly", 6, sundays)

    run(
        path,
        "--org",
        org.slug,
        "--series-col=site,indicator",
        "--period-col=date",
        "--value-col=value",
    )

    measure = Measure.objects.get(organisation=org)
    assert (measure.frequency, measure.week_starts) == ("weekly", 6)
    assert list(measure.datapoints.values_list("period", flat=True)) == sundays


def test_every_bad_row_is_named_with_its_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "site,indicator,date,value\n"
        "RX1,falls,2024-01-01,4\n"
        "RX1,falls,31/02/2024,5\n"
        "RX1,falls,2024-03-01,many\n"
        "RX1,falls,2027-01-01,6\n"
        "RX1,falls,2024-04-01,\n",
    )
    table = read_long_table(path, MAPPING, today=TODAY)

    assert [(p.row, p.message) for p in table.problems] == [
        (3, "“31/02/2024” in date is not a date (use 2024-03-01 or 01/03/2024)"),
        (4, "“many” in value is not a number"),
        (4, "no value"),
        (5, "date 2027-01-01 is in the future"),
        (6, "no value"),
    ]


def test_two_figures_for_one_period_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "site,indicator,date,value\nRX1,falls,2024-01-01,4\nRX1,falls,2024-01-01,5\n",
    )
    (problem,) = read_long_table(path, MAPPING, today=TODAY).problems
    assert (problem.row, problem.message) == (
        3,
        "RX1 | falls has a figure for 2024-01-01 on row 2 too",
    )


def test_a_missing_column_or_a_file_that_is_not_a_table_is_a_message(tmp_path: Path) -> None:
    path = write(tmp_path, "site,when,value\nRX1,2024-01-01,4\n")
    with pytest.raises(LongTableError, match=r"no column indicator \(series key\), date"):
        read_long_table(path, MAPPING, today=TODAY)
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(LongTableError):
        read_long_table(binary, MAPPING, today=TODAY)


def test_a_published_file_creates_an_organisations_measures_once(org: Organisation) -> None:
    path = published_file("trust_beds_2022_2025.csv")

    output = run(path, "--org", org.slug, "--only", "R0A", "--source", "Beds", *NHSE)

    with path.open(newline="") as file:
        published = [row for row in csv.DictReader(file) if row["org_code"] == "R0A"]
    series = {(row["org_code"], row["measure"]) for row in published}
    measures = Measure.objects.for_organisation(org)
    assert measures.count() == len(series) > 1
    assert DataPoint.objects.filter(measure__organisation=org).count() == len(published)
    assert f"{len(published)} new" in output
    occupancy = measures.get(code="R0A | adult_critical_care_bed_occupancy")
    assert (occupancy.chart, occupancy.frequency) == ("p", "monthly")
    assert "NHS England" in occupancy.data_source
    assert occupancy.has_current_snapshot()
    # Next month's file goes in with the saved mapping, finding the same measures by code.
    output = run(path, "--org", org.slug, "--only", "R0A", "--source", "Beds")
    assert "0 new measures" in output and f"{len(published)} unchanged" in output
    assert ImportSource.objects.get().mapping["series"] == ["org_code", "measure"]


def test_a_file_of_several_organisations_is_refused_for_one(
    org: Organisation, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        HEADER + "R1,One,beds,2024-01-01,5,,\nR2,Two,beds,2024-01-01,6,,\n",
    )
    with pytest.raises(CommandError, match=r"data for 2 organisations \(R1, R2\)"):
        run(path, "--org", org.slug, *NHSE)
    assert not Measure.objects.exists()


def test_a_national_file_is_split_among_the_organisations_it_names(
    org: Organisation, tmp_path: Path
) -> None:
    OrganisationCode.objects.create(organisation=org, code="R1")
    path = write(
        tmp_path,
        HEADER
        + "R1,One,beds,2024-01-01,5,,\nR1,One,beds,2024-02-01,7,,\n"
        + "R2,Two Trust,beds,2024-01-01,6,,\nR2,Two Trust,beds,2024-02-01,8,,\n",
    )
    with pytest.raises(CommandError, match="No organisation has the ODS code R2"):
        run(path, "--split", *NHSE)
    assert not Measure.objects.exists()

    output = run(path, "--split", "--create-organisations", *NHSE)

    assert "2 series in 2 organisations: 2 new measures, 1 new organisations; 4 new" in output
    two = Organisation.objects.get(ods_code__code="R2")
    assert two.name == "Two Trust"
    assert list(Measure.objects.for_organisation(two).values_list("code", flat=True)) == [
        "R2 | beds"
    ]
    assert list(
        DataPoint.objects.filter(measure__organisation=org).values_list("value", flat=True)
    ) == [5, 7]

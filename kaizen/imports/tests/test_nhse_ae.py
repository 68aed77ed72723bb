"""`manage.py import_nhse_ae` on NHS England's published A&E statistics (skipped without them)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent
from kaizen.imports.nhse import ATTRIBUTION, read_series
from kaizen.measures.models import DataPoint, Measure
from kaizen.testing import published_file

TRUST_AE = "trust_ae_2021_2025.csv"
AE_2016 = "ae_attendances_2016_2019.csv"
TRUSTS = ["R0A", "RJ1"]


def needs(name: str) -> Path:
    return published_file(name)


def published(path: Path, org_code: str, measure: str) -> dict[dt.date, dict[str, str]]:
    """The file's rows for one series, read independently of the importer."""
    with path.open(newline="") as file:
        return {
            dt.date.fromisoformat(row["period"]): row
            for row in csv.DictReader(file)
            if row["org_code"] == org_code and row["measure"] == measure
        }


def run(path: Path, org: Organisation, *trusts: str) -> str:
    output = io.StringIO()
    options = [arg for code in trusts for arg in ("--trust", code)]
    call_command("import_nhse_ae", str(path), "--org", org.slug, *options, stdout=output)
    return output.getvalue()


def test_it_imports_chosen_trusts_as_one_measure_per_series(org: Organisation) -> None:
    path = needs(TRUST_AE)
    output = run(path, org, *TRUSTS)

    measures = Measure.objects.for_organisation(org)
    assert measures.count() == 8  # four published measures for each of the two trusts
    assert "8 series: 8 new measures" in output
    assert set(measures.values_list("data_source", flat=True)) == {ATTRIBUTION}

    over_4 = measures.get(
        name="A&E patients over 4 hours: Manchester University NHS Foundation Trust"
    )
    assert (over_4.chart, over_4.improvement, over_4.multiplier) == ("p", "decrease", 100.0)
    rows = published(path, "R0A", "ae_over_4hr_proportion")
    stored = {p.period: (p.numerator, p.denominator) for p in over_4.datapoints.all()}
    assert stored == {
        period: (float(row["numerator"]), float(row["denominator"])) for period, row in rows.items()
    }
    assert over_4.has_current_snapshot()
    assert len(over_4.spc_snapshot["points"]) == len(rows)

    attendances = measures.get(name__startswith="A&E attendances: Manchester")
    assert attendances.chart == "xmr"
    rows = published(path, "R0A", "ae_attendances_total")
    assert {p.period: p.value for p in attendances.datapoints.all()} == {
        period: float(row["value"]) for period, row in rows.items()
    }


def test_it_changes_nothing_when_run_again(org: Organisation) -> None:
    path = needs(TRUST_AE)
    run(path, org, "R0A")
    points = list(DataPoint.objects.order_by("pk").values_list("pk", "updated_at"))
    versions = list(Measure.objects.order_by("pk").values_list("pk", "data_version"))
    events = AuditEvent.objects.count()

    output = run(path, org, "r0a")

    assert "0 new measures; 0 new, 0 changed" in output
    assert list(DataPoint.objects.order_by("pk").values_list("pk", "updated_at")) == points
    assert list(Measure.objects.order_by("pk").values_list("pk", "data_version")) == versions
    assert AuditEvent.objects.count() == events


def test_it_names_breakdowns_and_keeps_organisations_apart(
    org: Organisation, other_org: Organisation
) -> None:
    path = needs(AE_2016)
    run(path, org, "RJ1")
    run(path, other_org, "RJ1")

    names = set(Measure.objects.for_organisation(org).values_list("name", flat=True))
    assert (
        "A&E patients within 4 hours (type 1): Guy's and St Thomas' NHS Foundation Trust" in names
    )
    assert len(names) == len(read_series(path, trusts=["RJ1"]))
    # The same series imported by another organisation is that organisation's own copy.
    assert Measure.objects.for_organisation(other_org).count() == len(names)
    ours = DataPoint.objects.filter(measure__organisation=org).count()
    assert DataPoint.objects.filter(measure__organisation=other_org).count() == ours > 0


def test_it_refuses_an_unknown_organisation_or_trust(org: Organisation, tmp_path: Path) -> None:
    path = tmp_path / "ae.csv"
    path.write_text(
        "org_code,org_name,measure,period,value,numerator,denominator\n"
        "XYZ,Somewhere,ae_attendances_total,2024-01-01,100,,\n"
    )
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_nhse_ae", str(path), "--org", "nowhere")
    with pytest.raises(CommandError, match="no series"):
        call_command("import_nhse_ae", str(path), "--org", org.slug, "--trust", "R0A")
    assert not Measure.objects.exists()


def test_it_skips_rows_whose_numbers_contradict_each_other(tmp_path: Path) -> None:
    path = tmp_path / "ae.csv"
    path.write_text(
        "org_code,org_name,measure,period,value,numerator,denominator\n"
        "XYZ,Somewhere,ae_over_4hr_proportion,2024-01-01,0.2,20,100\n"
        "XYZ,Somewhere,ae_over_4hr_proportion,2024-02-01,1.2,120,100\n"
    )
    (series,) = read_series(path)
    assert [o.period for o in series.observations] == [dt.date(2024, 1, 1)]
    assert series.skipped == 1


def test_two_series_with_one_name_stay_two_measures_and_every_row_is_stored(
    org: Organisation, tmp_path: Path
) -> None:
    # Two organisation codes with the same published name: their series once merged into one
    # measure by name, later rows overwriting earlier ones while all were reported imported.
    path = tmp_path / "ae.csv"
    path.write_text(
        "org_code,org_name,measure,period,value,numerator,denominator\n"
        "7A1,Health Board,ae_attendances_total,2024-01-01,100,,\n"
        "7A1,Health Board,ae_attendances_total,2024-02-01,110,,\n"
        "7A2,Health Board,ae_attendances_total,2024-01-01,200,,\n"
        "7A2,Health Board,ae_attendances_total,2024-02-01,210,,\n"
    )
    output = run(path, org)

    assert "2 series: 2 new measures; 4 new" in output
    measures = Measure.objects.for_organisation(org).order_by("code")
    assert [m.code for m in measures] == [
        "7A1 | ae_attendances_total",
        "7A2 | ae_attendances_total",
    ]
    assert len({m.name for m in measures}) == 2
    assert list(DataPoint.objects.order_by("value").values_list("value", flat=True)) == [
        100,
        110,
        200,
        210,
    ]
    assert "0 new measures; 0 new, 0 changed and 4 unchanged" in run(path, org)


def test_every_published_row_is_stored_for_a_whole_file(org: Organisation) -> None:
    path = needs(TRUST_AE)
    output = run(path, org)

    series = read_series(path)
    assert Measure.objects.for_organisation(org).count() == len(series)
    expected = sum(len(one.observations) for one in series)
    assert DataPoint.objects.filter(measure__organisation=org).count() == expected
    assert f"{expected} new" in output

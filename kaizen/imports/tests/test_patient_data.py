"""Uploads that look like they carry patient-identifiable data are refused whole."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.imports.identifiers import identifier_problems
from kaizen.imports.models import PendingImport
from kaizen.imports.tables import read_table
from kaizen.measures.models import DataPoint, Measure
from kaizen.privacy.screening import is_nhs_number
from kaizen.testing import make_measure

# Published example NHS numbers (valid check digits), and the same with the last digit altered.
VALID = ["943 476 5919", "401-023-2137", "4505577104", "9449305552"]
INVALID = ["943 476 5918", "401-023-2138", "4505577105", "6541234567"]


def problems(text: str) -> list[str]:
    return identifier_problems(read_table(text.encode(), "upload.csv"))


def rows(header: str, cells: list[str]) -> str:
    return header + "\n" + "".join(f"{cell},2024-01-01,1\n" for cell in cells)


def test_it_knows_nhs_numbers_by_their_modulus_11_check_digit() -> None:
    for number in VALID:
        assert is_nhs_number(number.replace(" ", "").replace("-", ""))
    for number in INVALID:
        assert not is_nhs_number(number.replace(" ", "").replace("-", ""))
    # 000000006x: the weighted sum (12) leaves remainder 1, so the check digit would be 10.
    assert not any(is_nhs_number(f"000000006{digit}") for digit in range(10))
    assert not is_nhs_number("943476591")


def test_it_refuses_a_column_of_valid_nhs_numbers_whatever_its_heading() -> None:
    found = problems(rows("reference,period,value", VALID))
    assert found == [
        "The column “reference” holds values that are valid NHS numbers "
        "(they pass the NHS number check digit)."
    ]


def test_it_accepts_ten_digit_numbers_that_fail_the_check() -> None:
    assert problems(rows("reference,period,value", INVALID)) == []


def test_it_ignores_a_stray_valid_number_among_many_counts() -> None:
    counts = [str(1000 + n) for n in range(40)] + ["9434765919"]
    assert problems(rows("attendances,period,value", counts)) == []
    # ... but not three of them, nor one that is half the column.
    assert problems(rows("attendances,period,value", counts + VALID[1:3])) != []
    assert problems(rows("attendances,period,value", ["9434765919", "12"])) != []


def test_it_finds_an_nhs_number_written_inside_a_note() -> None:
    text = "measure,period,value,note\nFalls,2024-01-01,1,Patient 943 476 5919 fell twice\n"
    assert problems(text) == [
        "The column “note” holds values that are valid NHS numbers "
        "(they pass the NHS number check digit)."
    ]


@pytest.mark.parametrize(
    ("heading", "reason"),
    [
        ("NHS number", "NHS numbers"),
        ("nhs_no", "NHS numbers"),
        ("Date of birth", "dates of birth"),
        ("DOB", "dates of birth"),
        ("birth_date", "dates of birth"),
        ("Postcode", "postcodes"),
        ("Patient name", "patients' names"),
        ("Surname", "patients' names"),
        ("Hospital number", "hospital or medical record numbers"),
        ("MRN", "hospital or medical record numbers"),
    ],
)
def test_it_refuses_columns_headed_like_identifiers_even_when_empty(
    heading: str, reason: str
) -> None:
    text = f"measure,period,value,{heading}\nFalls,2024-01-01,1,\n"
    assert problems(text) == [f"The column “{heading}” looks like it holds {reason}."]


def test_it_refuses_a_column_of_postcodes() -> None:
    found = problems(rows("site,period,value", ["LS1 4AP", "sw1a 2aa", "M1 1AE"]))
    assert found == ["The column “site” holds values that are UK postcodes."]
    assert problems(rows("site,period,value", ["Ward 7", "LS1", "ED"])) == []


def test_it_accepts_an_ordinary_upload() -> None:
    text = (
        "measure,period,value,numerator,denominator,note\n"
        "Falls,2024-01-01,4.5,,,Ward 7 reopened\n"
        "Seen within 4 hours,2024-01-01,,8123,10480,\n"
    )
    assert problems(text) == []


@pytest.fixture
def falls(org: Organisation, staff_user: User) -> Measure:
    return make_measure(org, by=staff_user, name="Falls", chart="xmr")


def upload(client: Client, org: Organisation, file: SimpleUploadedFile) -> str:
    response = client.post(
        reverse("imports:import_upload", kwargs={"org": org.slug}), {"file": file}
    )
    assert response.status_code == 200
    return response.content.decode()


def assert_nothing_kept(client: Client, session_keys: set[str]) -> None:
    assert not PendingImport.objects.exists()
    assert not DataPoint.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()
    assert set(client.session.keys()) == session_keys


def test_it_refuses_an_upload_with_nhs_numbers_and_keeps_nothing(
    client_for: Callable[[User], Client], staff_user: User, org: Organisation, falls: Measure
) -> None:
    client = client_for(staff_user)
    session_keys = set(client.session.keys())
    text = "measure,period,value,patient\n" + "".join(
        f"Falls,2024-0{month}-01,1,{number}\n" for month, number in enumerate(VALID, start=1)
    )
    html = upload(client, org, SimpleUploadedFile("falls.csv", text.encode()))
    assert "This file was refused: it looks like it contains patient-identifiable data" in html
    assert "The column “patient” holds values that are valid NHS numbers" in html
    assert "Nothing from this file has been stored" in html
    assert "943 476 5919" not in html
    assert_nothing_kept(client, session_keys)


def test_it_refuses_an_excel_upload_with_dates_of_birth(
    client_for: Callable[[User], Client], staff_user: User, org: Organisation, falls: Measure
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Measure", "Period", "Value", "D.O.B"])
    sheet.append(["Falls", dt.datetime(2024, 1, 1), 1, dt.datetime(1941, 5, 3)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(staff_user)
    session_keys = set(client.session.keys())

    html = upload(client, org, SimpleUploadedFile("falls.xlsx", buffer.getvalue()))

    assert "The column “D.O.B” looks like it holds dates of birth." in html
    assert_nothing_kept(client, session_keys)


def test_it_refuses_a_note_with_a_date_of_birth_or_postcode_in_its_text() -> None:
    text = "measure,period,value,note\nFalls,2024-01-01,3,DOB 01/02/1950 SW1A 1AA\n"
    found = identifier_problems(read_table(text.encode(), "upload.csv"))
    assert len(found) == 1
    assert "“DOB 01/02/1950” looks like a date of birth" in found[0]
    assert "“SW1A 1AA” looks like a postcode" in found[0]


def test_it_refuses_the_organisations_hospital_numbers_in_a_note() -> None:
    text = "measure,period,value,note\nFalls,2024-01-01,3,seen RX1234567\n"
    table = read_table(text.encode(), "upload.csv")
    assert identifier_problems(table) == []
    found = identifier_problems(table, hospital_number_pattern=r"RX\d{7}")
    assert "“RX1234567” looks like a hospital number" in found[0]

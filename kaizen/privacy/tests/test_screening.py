"""The screening over a corpus of texts that must be refused and texts that must not."""

from __future__ import annotations

import pytest

from kaizen.privacy.screening import PatientDataError, find_patient_data, is_nhs_number, screen

REFUSED = [
    ("DOB 01/02/1950 SW1A 1AA", ["DOB 01/02/1950", "SW1A 1AA"]),
    ("d.o.b. 1/2/50, seen in clinic", ["d.o.b. 1/2/50"]),
    ("Date of birth: 1950-02-01", ["Date of birth: 1950-02-01"]),
    ("born 3rd March 1950", ["born 3rd March 1950"]),
    ("Born on March 3, 1950 in Leeds", ["Born on March 3, 1950"]),
    ("NHS no 943 476 5919 readmitted", ["943 476 5919"]),
    ("ref 4010232137", ["4010232137"]),
    ("lives at LS1 4AP near the station", ["LS1 4AP"]),
    ("home sw1a1aa", ["sw1a1aa"]),
    ("patient John Smith fell on the ward", ["patient John Smith"]),
    ("Patient Mrs Jones waited 6 hours", ["Patient Mrs Jones"]),
    ("pt Mr O'Neill discharged", ["pt Mr O'Neill"]),
]

ALLOWED = [
    "10 patients seen before noon",
    "NHS 111 calls rose by 12%",
    "born in the 1950s ward block, now demolished",
    "Audit on 01/02/2024 found 3 falls",
    "Clinic moved to the SW1A district",
    "Move the clinic to the m3 4th floor",
    "943 476 5918 is not a valid check digit",
    "Patient Safety Team review",
    "patient experience survey returned 45 forms",
    "Patient Flow and Patient Experience leads met",
    "Phone 0113 243 3144 for the team",
    "Q3 2024: 4,512 attendances",
]


@pytest.mark.parametrize(("text", "words"), REFUSED)
def test_it_finds_patient_data(text: str, words: list[str]) -> None:
    assert [finding.words for finding in find_patient_data(text)] == words


@pytest.mark.parametrize("text", ALLOWED)
def test_it_lets_ordinary_improvement_notes_through(text: str) -> None:
    assert find_patient_data(text) == []


def test_it_checks_nhs_numbers_by_modulus_11() -> None:
    assert is_nhs_number("9434765919")
    assert not is_nhs_number("9434765918")
    # A check digit of 10 makes the number invalid whatever the last digit.
    assert not is_nhs_number("6541234567")


def test_it_finds_hospital_numbers_only_where_the_organisation_set_a_pattern() -> None:
    assert find_patient_data("Seen RX1234567 twice") == []
    found = find_patient_data("Seen RX1234567 twice", hospital_number_pattern=r"RX\d{7}")
    assert [(f.words, f.kind) for f in found] == [("RX1234567", "a hospital number")]


def test_the_refusal_names_the_words_and_what_they_look_like() -> None:
    with pytest.raises(PatientDataError) as refused:
        screen("Note: DOB 01/02/1950, lives SW1A 1AA")
    message = str(refused.value)
    assert "“DOB 01/02/1950” looks like a date of birth" in message
    assert "“SW1A 1AA” looks like a postcode" in message


def test_clean_text_passes_the_service_level_check() -> None:
    screen("Falls per 1,000 bed days fell after the huddle")

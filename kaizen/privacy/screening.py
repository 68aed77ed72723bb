"""Finding patient-identifiable data in free text, so that the text can be refused whole.

Kaizen holds aggregate counts and rates only. Notes, titles and descriptions are written by
busy staff who may paste a patient's details in; refusing the text and naming the words is
safer than storing it and hoping. Each rule errs towards what is written in NHS notes
("10 patients seen", "NHS 111", "born in the 1950s") not being refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ten digits, optionally grouped 3-3-4 by spaces or hyphens, as NHS numbers are written.
NHS_NUMBER = re.compile(r"(?<![\d.])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d.])")

_OUTWARD = (
    r"[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
# A full UK postcode (outward and inward code), e.g. "LS1 4AP" or "sw1a2aa", alone in a cell.
POSTCODE = re.compile(rf"^(GIR ?0AA|{_OUTWARD} ?{_INWARD})$", re.IGNORECASE)
# The same anywhere in a text. A partial postcode ("SW1A" alone) names a district, not a home.
POSTCODE_IN_TEXT = re.compile(rf"\b(GIR ?0AA|{_OUTWARD} ?{_INWARD})\b", re.IGNORECASE)

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_DATE = (
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{2,4}})"
)
# A whole date (day, month and year) after "DOB", "born" or "date of birth". A year or a
# decade alone ("born in the 1950s") is not a date of birth, and a date elsewhere is an event.
DATE_OF_BIRTH = re.compile(
    rf"\b(d\.?o\.?b\.?|date\s+of\s+birth|born(\s+on)?)\s*[:=-]?\s*{_DAY_DATE}", re.IGNORECASE
)

_TITLE = r"(Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?"
_NAME = r"[A-Z]['a-z][A-Za-z'-]*"
# "patient John Smith", "pt Mr Jones": a title and a name, or two capitalised words.
NAME_AFTER_PATIENT = re.compile(
    rf"\b(?i:patient|pt)\.?:?\s+(?P<name>{_TITLE}\s+{_NAME}(\s+{_NAME})?|{_NAME}\s+{_NAME})"
)
# Capitalised words that follow "Patient" in the names of NHS services, not of people.
_SERVICE_WORDS = frozenset(
    [
        "Access",
        "Advice",
        "Care",
        "Centred",
        "Council",
        "Engagement",
        "Experience",
        "Flow",
        "Forum",
        "Group",
        "Information",
        "Leaders",
        "Liaison",
        "Led",
        "List",
        "Outcomes",
        "Panel",
        "Participation",
        "Partners",
        "Pathway",
        "Records",
        "Reported",
        "Safety",
        "Services",
        "Service",
        "Tracking",
        "Transport",
    ]
)


@dataclass(frozen=True)
class Finding:
    words: str  # as written in the text, so the writer can find them
    kind: str  # what they look like, in words


class PatientDataError(ValueError):
    """Text that holds patient-identifiable data; the message names the words."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(describe(findings))


def is_nhs_number(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check.

    >>> is_nhs_number("9434765919"), is_nhs_number("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def is_postcode(text: str) -> bool:
    return 5 <= len(text.strip()) <= 8 and bool(POSTCODE.match(text.strip()))


def find_patient_data(text: str, *, hospital_number_pattern: str = "") -> list[Finding]:
    """Every stretch of ``text`` that looks patient-identifiable, in the order written.

    >>> [f.kind for f in find_patient_data("Seen DOB 01/02/1950 at SW1A 1AA")]
    ['a date of birth', 'a postcode']
    >>> find_patient_data("10 patients seen; NHS 111 calls up in SW1A")
    []
    """
    found: list[tuple[int, Finding]] = []
    for match in NHS_NUMBER.finditer(text):
        if is_nhs_number("".join(match.groups())):
            found.append((match.start(), Finding(match.group(), "an NHS number")))
    for match in DATE_OF_BIRTH.finditer(text):
        found.append((match.start(), Finding(match.group(), "a date of birth")))
    for match in POSTCODE_IN_TEXT.finditer(text):
        if _written_as_postcode(match.group()):
            found.append((match.start(), Finding(match.group(), "a postcode")))
    for match in NAME_AFTER_PATIENT.finditer(text):
        if match.group("name").split()[0] not in _SERVICE_WORDS:
            found.append((match.start(), Finding(match.group(), "a patient's name")))
    if hospital_number_pattern:
        for match in re.finditer(hospital_number_pattern, text):
            if match.group():
                found.append((match.start(), Finding(match.group(), "a hospital number")))
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


def _written_as_postcode(words: str) -> bool:
    # In lower case "m3 4th" is a floor, not a postcode; "sw1a 1aa" is still a postcode.
    return words.isupper() or words[:2].isalpha()


def describe(findings: list[Finding]) -> str:
    listed = "; ".join(f"“{finding.words}” looks like {finding.kind}" for finding in findings)
    return (
        f"Remove patient-identifiable details before saving: {listed}. "
        "Kaizen holds counts and rates, never details of patients."
    )


def screen(text: str, *, hospital_number_pattern: str = "") -> None:
    """Raise PatientDataError naming the words when ``text`` holds patient-identifiable data.

    The service-level check for writes that do not come through a form.
    """
    if findings := find_patient_data(text, hospital_number_pattern=hospital_number_pattern):
        raise PatientDataError(findings)

"""NHS England's published A&E statistics, in the tidy long format, as measures' series.

The file has one row per (org_code, measure, period) with a value, and a numerator and
denominator for proportions. Each (org_code, measure) becomes one series. No Django here.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kaizen.imports.checks import Kind, MeasureRef, RowProblem, check_numbers, parse_number

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(NHS England)"
)
# What each published measure is called here, and which way is better.
LABELS: dict[str, tuple[str, str]] = {
    "ae_attendances_total": ("A&E attendances", "neutral"),
    "ae_attendances": ("A&E attendances", "neutral"),
    "ae_over_4hr_proportion": ("A&E patients over 4 hours", "decrease"),
    "ae_within_4hr_proportion": ("A&E patients within 4 hours", "increase"),
    "ae_breaches_4hr": ("A&E 4-hour breaches", "decrease"),
    "emergency_admissions_total": ("Emergency admissions", "neutral"),
    "ae_emergency_admissions": ("Emergency admissions via A&E", "neutral"),
    "emergency_admissions_over_4hr_proportion": (
        "Emergency admissions waiting over 4 hours",
        "decrease",
    ),
}
# A count series averaging fewer than this many events a month is charted as a C chart; busier
# series vary far more than Poisson, so an XmR chart reads them honestly.
C_CHART_MAX_MEAN = 30


@dataclass(frozen=True)
class Observation:
    period: dt.date
    value: float
    numerator: float | None
    denominator: float | None


@dataclass
class Series:
    """One organisation's series of one published measure."""

    org_code: str
    org_name: str
    code: str  # the published measure, with its breakdown: "ae_attendances | type 1"
    observations: list[Observation] = field(default_factory=list)
    skipped: int = 0  # rows whose numbers contradict each other

    @property
    def is_proportion(self) -> bool:
        return bool(self.observations) and all(o.denominator for o in self.observations)

    @property
    def chart(self) -> str:
        if self.is_proportion:
            return "p"
        mean = sum(o.value for o in self.observations) / max(len(self.observations), 1)
        return "c" if mean < C_CHART_MAX_MEAN else "xmr"

    @property
    def name(self) -> str:
        base, _, breakdown = self.code.partition(" | ")
        label = LABELS.get(base, (base.replace("_", " ").capitalize(), ""))[0]
        if breakdown:
            label += f" ({breakdown})"
        return f"{label}: {self.org_name or self.org_code}"[:200]

    @property
    def measure_code(self) -> str:
        """The measure's stable code: the organisation code and the published measure."""
        return f"{self.org_code} | {self.code}"[:200]

    @property
    def improvement(self) -> str:
        base = self.code.partition(" | ")[0]
        return LABELS.get(base, ("", "neutral"))[1] or "neutral"


def read_series(path: Path, *, trusts: Iterable[str] = ()) -> list[Series]:
    """Every series in the file, or only those of the given organisation codes."""
    wanted = {code.strip().upper() for code in trusts}
    series: dict[tuple[str, str], Series] = {}
    with path.open(newline="", encoding="utf-8") as file:
        for record in csv.DictReader(file):
            org_code = record["org_code"].strip().upper()
            if wanted and org_code not in wanted:
                continue
            key = (org_code, record["measure"].strip())
            one = series.get(key)
            if one is None:
                one = series[key] = Series(org_code, record["org_name"].strip(), key[1])
            _add(one, record)
    return [one for one in series.values() if one.observations]


def _add(series: Series, record: dict[str, str]) -> None:
    try:
        value = parse_number(record["value"])
        numerator = parse_number(record["numerator"], "numerator")
        denominator = parse_number(record["denominator"], "denominator")
        if value is None:
            raise RowProblem(Kind.MISSING_VALUE, "no value")
        if denominator is not None:
            check_numbers(_PROPORTION, value, numerator, denominator)
    except RowProblem:
        series.skipped += 1
        return
    period = dt.date.fromisoformat(record["period"].strip())
    series.observations.append(Observation(period, value, numerator, denominator))


# Checked like an uploaded proportion: a numerator above its denominator is refused.
_PROPORTION = MeasureRef(0, "proportion", "p", "monthly")

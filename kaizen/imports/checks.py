"""Checking every row of an uploaded table against the organisation's measures.

Pure functions over plain data: the caller passes what it knows of the measures, and gets back
the rows worth importing and every problem, each with its spreadsheet row number (the header is
row 1) so that the person can find and fix it in their own copy.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import ParamSpec, TypeVar

from kaizen.imports.tables import Cell, Table, normalise_header
from kaizen.measures.models import period_start
from kaizen.measures.validation import PointKind, PointNumbers, PointProblem, check_point
from kaizen_spc.types import RATIO_CHARTS

P = ParamSpec("P")
T = TypeVar("T")

# Each column we read, and the headings people give it.
COLUMNS: dict[str, frozenset[str]] = {
    "measure": frozenset({"measure", "measure name", "measure id"}),
    "period": frozenset({"period", "date"}),
    "value": frozenset({"value"}),
    "numerator": frozenset({"numerator"}),
    "denominator": frozenset({"denominator"}),
    "note": frozenset({"note", "notes", "comment"}),
}
NOTE_MAX_LENGTH = 500

DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Day numbers Excel uses for 1927 to 2173: a bare number in this range in a period column is a
# date whose cell lost its formatting.
EXCEL_SERIALS = range(10_000, 100_000)


class Kind(StrEnum):
    """What is wrong, so that a long list of problems can be summarised."""

    MISSING_COLUMN = "missing column"
    UNKNOWN_MEASURE = "unknown measure"
    OTHER_MEASURE = "another measure"
    BAD_DATE = "unparseable date"
    FUTURE_PERIOD = "period in the future"
    DUPLICATE_PERIOD = "duplicate period"
    NOT_A_NUMBER = "non-numeric value"
    # The kinds of a point's numbers, named as kaizen.measures.validation names them.
    MISSING_VALUE = PointKind.MISSING_VALUE.value
    NEGATIVE = PointKind.NEGATIVE.value
    ZERO_DENOMINATOR = PointKind.ZERO_DENOMINATOR.value
    NUMERATOR_ABOVE_DENOMINATOR = PointKind.NUMERATOR_ABOVE_DENOMINATOR.value
    NOT_WHOLE = PointKind.NOT_WHOLE.value
    LONG_NOTE = "note too long"
    TOO_MANY_POINTS = "too many values for one measure"


class RowProblem(ValueError):
    """One thing wrong with a row; the message is shown next to the row number."""

    def __init__(self, kind: Kind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class MeasureRef:
    """What checking needs to know about a measure."""

    id: int
    name: str
    chart: str
    frequency: str
    week_starts: int = 0

    @property
    def is_ratio(self) -> bool:
        return self.chart in RATIO_CHARTS

    def period_start(self, day: dt.date) -> dt.date:
        return period_start(self.frequency, day, self.week_starts)


@dataclass(frozen=True)
class Row:
    """A checked row, ready to store. Ratio charts carry a numerator and denominator only."""

    number: int
    measure_id: int
    period: dt.date
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str

    @property
    def numbers(self) -> tuple[float | None, float | None, float | None]:
        return self.value, self.numerator, self.denominator


@dataclass(frozen=True)
class Problem:
    row: int
    kind: Kind
    message: str


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def problem_counts(self) -> list[tuple[Kind, int]]:
        """How many problems of each kind, commonest first."""
        return Counter(problem.kind for problem in self.problems).most_common()


def check_table(
    table: Table,
    measures: list[MeasureRef],
    *,
    today: dt.date,
    only: MeasureRef | None = None,
) -> Checked:
    """Every row of ``table`` checked. ``only`` is the measure of a single-measure upload, where
    the measure column may be left out."""
    checked = Checked()
    columns = _locate_columns(table.header, checked)
    if missing := _missing_columns(columns, only):
        checked.problems.append(Problem(1, Kind.MISSING_COLUMN, missing))
        return checked
    row_checker = _RowChecker(columns, measures, only, today)
    seen: dict[tuple[int, dt.date], int] = {}
    for index, cells in enumerate(table.rows):
        if not any(_text(cell) for cell in cells):
            continue
        number = index + 2
        row, problems = row_checker.check(number, cells)
        if row is not None:
            key = (row.measure_id, row.period)
            if key in seen:
                message = f"duplicate period {row.period:%Y-%m-%d} (also on row {seen[key]})"
                problems.append(RowProblem(Kind.DUPLICATE_PERIOD, message))
            else:
                seen[key] = number
        checked.problems.extend(Problem(number, error.kind, str(error)) for error in problems)
        if row is not None and not problems:
            checked.rows.append(row)
    return checked


def _locate_columns(header: list[str], checked: Checked) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = normalise_header(heading)
        known = next((key for key, names in COLUMNS.items() if name in names), None)
        if known is None or known in columns:
            if heading:
                checked.ignored_columns.append(heading)
            continue
        columns[known] = index
    return columns


def _missing_columns(columns: dict[str, int], only: MeasureRef | None) -> str:
    absent = [name for name in ("measure", "period") if name not in columns]
    if only is not None:
        absent = [name for name in absent if name != "measure"]
        needed = ("numerator", "denominator") if only.is_ratio else ("value",)
        absent += [name for name in needed if name not in columns]
    elif "value" not in columns and not {"numerator", "denominator"} <= columns.keys():
        absent.append("value (or numerator and denominator)")
    if not absent:
        return ""
    return "The file has no " + " or ".join(f"“{name}”" for name in absent) + " column."


class _RowChecker:
    """Checks one row at a time against the measures, collecting every problem in it."""

    def __init__(
        self,
        columns: dict[str, int],
        measures: list[MeasureRef],
        only: MeasureRef | None,
        today: dt.date,
    ) -> None:
        # Where each column we read sits in a row, in COLUMNS' order (None: not in the file).
        self.positions = [columns.get(name) for name in COLUMNS]
        self.lookup = {measure.name.strip().lower(): measure for measure in measures}
        self.lookup.update({str(measure.id): measure for measure in measures})
        self.only = only
        self.today = today

    def check(self, number: int, cells: list[Cell]) -> tuple[Row | None, list[RowProblem]]:
        width = len(cells)
        measure_cell, period_cell, value_cell, numerator_cell, denominator_cell, note_cell = (
            cells[i] if i is not None and i < width else None for i in self.positions
        )
        problems: list[RowProblem] = []
        measure = _attempt(problems, self.measure, measure_cell)
        period = _attempt(problems, self.period, period_cell, measure)
        value = _attempt(problems, parse_number, value_cell, "value")
        numerator = _attempt(problems, parse_number, numerator_cell, "numerator")
        denominator = _attempt(problems, parse_number, denominator_cell, "denominator")
        note = _text(note_cell)
        if len(note) > NOTE_MAX_LENGTH:
            message = f"note longer than {NOTE_MAX_LENGTH} characters"
            problems.append(RowProblem(Kind.LONG_NOTE, message))
        if measure is None or period is None or problems:
            return None, problems
        # Called directly, not through _attempt: this runs for every row of a large upload.
        numbers, point_problems = check_point(measure.chart, value, numerator, denominator)
        if point_problems:
            return None, [row_problem(point_problems[0])]
        return Row(number, measure.id, period, *numbers, note), problems

    def measure(self, cell: Cell) -> MeasureRef:
        name = _text(cell)
        if not name and self.only:
            return self.only
        if not name:
            raise RowProblem(Kind.UNKNOWN_MEASURE, "no measure given")
        measure = self.lookup.get(name.lower())
        if measure is None:
            raise RowProblem(Kind.UNKNOWN_MEASURE, f"unknown measure “{name}”")
        if self.only and measure.id != self.only.id:
            message = f"this upload is for “{self.only.name}” only, not “{measure.name}”"
            raise RowProblem(Kind.OTHER_MEASURE, message)
        return measure

    def period(self, cell: Cell, measure: MeasureRef | None) -> dt.date:
        # With the measure unknown, still report a bad date, leniently, so one fix pass does.
        period = parse_period(cell, monthly=measure is None or measure.frequency == "monthly")
        if period > self.today:
            message = f"period {period:%Y-%m-%d} is in the future"
            raise RowProblem(Kind.FUTURE_PERIOD, message)
        # Stored under the start of its period, as on the entry form, so that two dates in the
        # same month of a monthly measure are a duplicate rather than two points.
        return measure.period_start(period) if measure else period


def _attempt(
    problems: list[RowProblem], check: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T | None:
    try:
        return check(*args, **kwargs)
    except RowProblem as problem:
        problems.append(problem)
        return None


# A file repeats the same few hundred periods across its measures: parse each text once.
@lru_cache(maxsize=4096)
def parse_period(cell: Cell, *, monthly: bool = False) -> dt.date:
    """A date from ISO (2024-03-01), UK (01/03/2024), Excel cells and day numbers, and for
    monthly measures a month alone (2024-03, meaning its first day)."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _excel_serial(cell)
    text = _text(cell)
    if not text:
        raise RowProblem(Kind.BAD_DATE, "no period given")
    if match := DAY_MONTH_YEAR.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _date(year, month, day, text)
    if match := YEAR_MONTH.match(text):
        if not monthly:
            message = f"“{text}” is a month: give a full date for a measure that is not monthly"
            raise RowProblem(Kind.BAD_DATE, message)
        return _date(int(match[1]), int(match[2]), 1, text)
    if text.isdigit():
        return _excel_serial(int(text))
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise _unparseable(text) from None


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _unparseable(text) from None


def _excel_serial(number: float) -> dt.date:
    if int(number) != number or int(number) not in EXCEL_SERIALS:
        raise _unparseable(str(number))
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _unparseable(text: str) -> RowProblem:
    return RowProblem(Kind.BAD_DATE, f"unparseable date “{text}” (use YYYY-MM-DD or DD/MM/YYYY)")


def parse_number(cell: Cell, name: str = "value") -> float | None:
    """A finite number, allowing thousands separators; None for an empty cell."""
    if cell == "" or cell is None:
        return None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = float(cell)
    else:
        text = _text(cell).replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise RowProblem(Kind.NOT_A_NUMBER, f"non-numeric {name} “{_text(cell)}”")
    return number


def check_numbers(
    measure: MeasureRef, value: float | None, numerator: float | None, denominator: float | None
) -> PointNumbers:
    """The numbers to store, checked by the measures app's rules (those of the entry form); the
    first problem is raised, with its figures."""
    numbers, problems = check_point(measure.chart, value, numerator, denominator)
    if problems:
        raise row_problem(problems[0])
    return numbers


def row_problem(problem: PointProblem) -> RowProblem:
    """A point's problem as an upload reports it: with its figures, by the row's number."""
    return RowProblem(Kind(problem.kind), problem.row_message)


def _text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell.strip()
    return "" if cell is None else str(cell)

"""The bulk upsert of data points, checked exactly as an upload is: the points become a table
with an upload's columns, refused whole if it holds patient-identifiable data, then each row
checked (by kaizen.imports whenever any is wrong) and stored all or nothing by the same
service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from kaizen.accounts.models import Membership
from kaizen.api.schemas import PointIn
from kaizen.api.typed_check import FIRST_ROW, rows_if_clean
from kaizen.imports.checks import Kind, check_table
from kaizen.imports.identifiers import identifier_problems
from kaizen.imports.services import import_rows, measure_refs
from kaizen.imports.tables import Table

HEADER = ["measure", "period", "value", "numerator", "denominator", "note"]


def upsert(points: Sequence[PointIn], *, membership: Membership) -> dict[str, int] | list[Any]:
    """The counts of new, changed and unchanged points, or every problem (nothing stored)."""
    organisation = membership.organisation
    table = points_table(points)
    refusals = identifier_problems(
        table, hospital_number_pattern=organisation.hospital_number_pattern
    )
    if refusals:
        return [_problem(None, "patient-identifiable data", text) for text in refusals]
    measures, today = measure_refs(organisation), timezone.localdate()
    # Typed points with nothing wrong skip check_table's parsing of text; any problem is found
    # and worded by check_table, as for an upload.
    rows = rows_if_clean(points, measures, today=today)
    if rows is None:
        checked = check_table(table, measures, today=today)
        if checked.problems:
            return [
                _problem(problem.row - FIRST_ROW, problem.kind, problem.message)
                for problem in checked.problems
            ]
        rows = checked.rows
    try:
        changes = import_rows(rows, organisation=organisation, by=membership.user, source="the API")
    except ValidationError as error:
        return [_problem(None, Kind.TOO_MANY_POINTS, message) for message in error.messages]
    return {
        "new": changes.new,
        "changed": changes.changed,
        "unchanged": changes.unchanged,
        "measures": len(changes.by_measure),
    }


def points_table(points: Sequence[PointIn]) -> Table:
    """The points as an upload's table, to be screened and checked as an upload is."""
    return Table(
        header=HEADER,
        rows=[
            [
                str(p["measure"]),
                p["period"],
                p.get("value"),
                p.get("numerator"),
                p.get("denominator"),
                p.get("note", ""),
            ]
            for p in points
        ],
    )


def _problem(index: int | None, kind: str, message: str) -> dict[str, Any]:
    return {"index": index, "kind": str(kind), "message": message}

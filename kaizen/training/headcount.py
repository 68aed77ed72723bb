"""Each unit's staff in post, entered by hand or from a CSV file, for when the organisation's
members in Kaizen are not all its staff. A unit without one counts its members instead."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.training.csv_import import parse_all, read_rows
from kaizen.training.models import Headcount

COLUMNS = ("unit", "staff")
# Written between a parent and its unit when a unit's name alone is not unique.
PATH_SEPARATOR = " > "


def headcount_set(*, unit: OrgUnit, staff: int | None, by: User) -> None:
    """Set the unit's staff in post; None goes back to counting its members."""
    with transaction.atomic():
        if staff is None:
            Headcount.objects.filter(unit=unit).delete()
        else:
            Headcount.objects.update_or_create(unit=unit, defaults={"staff": staff})
        record_event(
            actor=by,
            organisation=unit.organisation,
            target=unit,
            text=f"set {unit}'s staff in post to "
            + (f"{staff}" if staff is not None else "its members in Kaizen"),
            action=AuditEvent.Action.UPDATE,
        )


def import_headcounts(*, organisation: Organisation, text: str, by: User) -> int:
    """Every row's unit and staff, all or nothing: any bad row refuses the file, naming each."""
    rows = read_rows(text, COLUMNS)
    units = _units_by_name(organisation)
    seen: set[int] = set()

    def parse(row: dict[str, str]) -> tuple[int, int]:
        problems, unit, staff = _row(row, units)
        if unit is not None and unit.pk in seen:
            problems.append(f"“{unit}” is already on an earlier row.")
        if problems or unit is None or staff is None:
            raise ValidationError(problems)
        seen.add(unit.pk)
        return unit.pk, staff

    counts = dict(parse_all(rows, parse))
    with transaction.atomic():
        Headcount.objects.filter(unit_id__in=counts).delete()
        Headcount.objects.bulk_create(Headcount(unit_id=pk, staff=n) for pk, n in counts.items())
        record_event(
            actor=by,
            organisation=organisation,
            target=organisation,
            text=f"imported the staff in post of {len(counts)} units",
            action=AuditEvent.Action.IMPORT,
        )
    return len(counts)


def _units_by_name(organisation: Organisation) -> dict[str, list[OrgUnit]]:
    """Units by their lower-cased name and by "parent > name", each to every unit it names."""
    named: dict[str, list[OrgUnit]] = defaultdict(list)
    units = list(OrgUnit.objects.filter(organisation=organisation).select_related("parent"))
    for unit in units:
        named[unit.name.lower()].append(unit)
        if unit.parent:
            named[f"{unit.parent.name}{PATH_SEPARATOR}{unit.name}".lower()].append(unit)
    return named


def _row(
    row: dict[str, str], units: dict[str, list[OrgUnit]]
) -> tuple[list[str], OrgUnit | None, int | None]:
    problems = []
    name = (row.get("unit") or "").strip()
    found = units.get(name.lower(), [])
    unit = found[0] if len(found) == 1 else None
    if not found:
        problems.append(f"“{name}” is not a unit of the organisation.")
    elif len(found) > 1:
        parent = found[0].parent.name if found[0].parent else "Division"
        problems.append(
            f"More than one unit is called “{name}”; write its parent first, "
            f"as “{parent}{PATH_SEPARATOR}{name}”."
        )
    staff_text = (row.get("staff") or "").strip()
    staff = int(staff_text) if staff_text.isdigit() else None
    if staff is None:
        problems.append(f"The staff in post must be a whole number, not “{staff_text}”.")
    return problems, unit, staff

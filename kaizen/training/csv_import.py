"""Past training from a CSV file, all or nothing: every bad row is named and nothing is stored
unless every row is good."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.privacy.forms import validate_free_text
from kaizen.training.models import Tier, TrainingRecord

T = TypeVar("T")

COLUMNS = ("email", "tier", "title", "completed_on", "provider")
MAX_ROWS = 20_000


def read_rows(text: str, columns: Sequence[str]) -> list[dict[str, str]]:
    """The file's rows by column name, refusing a file without ``columns`` or too long."""
    rows = list(csv.DictReader(io.StringIO(text)))
    missing = [c for c in columns if rows and c not in rows[0]]
    if not rows or missing:
        raise ValidationError(
            f"The file needs a header row with the columns {', '.join(columns)}"
            + (f" (missing: {', '.join(missing)})." if missing else " and at least one row.")
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"At most {MAX_ROWS:,} rows at a time; this file has {len(rows):,}.")
    return rows


def parse_all(rows: list[dict[str, str]], parse: Callable[[dict[str, str]], T]) -> list[T]:
    """Every row parsed, or a ValidationError naming each bad row (counted as a spreadsheet
    does, the header being row 1) with what ``parse`` refused in it."""
    parsed, errors = [], []
    for number, row in enumerate(rows, start=2):
        try:
            parsed.append(parse(row))
        except ValidationError as error:
            errors.append(f"Row {number}: {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)
    return parsed


def import_records(*, organisation: Organisation, text: str, by: User) -> int:
    rows = read_rows(text, COLUMNS)
    people = {
        email.lower(): pk
        for pk, email in User.objects.filter(memberships__organisation=organisation).values_list(
            "pk", "email"
        )
    }
    tiers = {t.name.lower(): t for t in organisation.tiers.all()}
    records = parse_all(rows, lambda row: _record(organisation, row, people, tiers))
    with transaction.atomic():
        TrainingRecord.objects.bulk_create(records)
        record_event(
            actor=by,
            organisation=organisation,
            target=organisation,
            text=f"imported {len(records)} past training records",
            action=AuditEvent.Action.IMPORT,
        )
    return len(records)


def _record(
    organisation: Organisation, row: dict[str, str], people: dict[str, int], tiers: dict[str, Tier]
) -> TrainingRecord:
    problems = []
    email = (row.get("email") or "").strip().lower()
    tier = tiers.get((row.get("tier") or "").strip().lower())
    title = (row.get("title") or "").strip()
    provider = (row.get("provider") or "").strip()
    if email not in people:
        problems.append(f"“{email}” is not a member of {organisation.name}.")
    if tier is None:
        problems.append(f"“{row.get('tier')}” is not one of the tiers.")
    if not title:
        problems.append("The title is empty.")
    try:
        completed = dt.date.fromisoformat((row.get("completed_on") or "").strip())
    except ValueError:
        problems.append("The date completed must look like 2024-03-31.")
    else:
        if completed > timezone.localdate():
            problems.append("The date completed is in the future.")
    for text in (title, provider):
        try:
            validate_free_text(text, organisation=organisation)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)
    return TrainingRecord(
        organisation=organisation,
        person_id=people[email],
        tier=tier,
        title=title[:200],
        completed_on=completed,
        provider=provider[:200],
    )

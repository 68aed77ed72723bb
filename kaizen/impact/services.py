"""Adding, validating and totalling impact entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity import services as activity
from kaizen.audit.models import AuditEvent
from kaizen.impact.models import ImpactEntry
from kaizen.privacy.forms import validate_free_text

# Where a target keeps the things its impact counts towards, when it has them.
ROLL_UP = ("unit", "value_stream", "priority")


def entry_add(
    *, organisation: Organisation, target: models.Model, by: User, values: dict[str, Any], url: str
) -> ImpactEntry:
    """Record an estimated impact of ``target``; it counts towards the target's area, value
    stream and priority where the target has them."""
    entry = ImpactEntry(
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        created_by=by,
        **values,
    )
    # A change idea's impact counts where its project does.
    source = target if hasattr(target, "unit_id") else getattr(target, "project", target)
    for name in ROLL_UP:
        if getattr(entry, f"{name}_id") is None and hasattr(source, f"{name}_id"):
            setattr(entry, f"{name}_id", getattr(source, f"{name}_id"))
    if entry.amount is not None and entry.amount < 0:
        raise ValidationError({"amount": "An impact is a positive amount."})
    if entry.period_start and entry.period_end and entry.period_end < entry.period_start:
        raise ValidationError({"period_end": "The period must end on or after it starts."})
    validate_free_text(entry.note, organisation=organisation)
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        activity.record_event(
            actor=by,
            organisation=organisation,
            target=entry,
            feed=target,
            text=f"{by} recorded an impact: {entry}",
            url=url,
            action=AuditEvent.Action.CREATE,
        )
    return entry


def entry_validate(*, entry: ImpactEntry, by: User) -> None:
    """A coach or finance partner confirms the figure (the capability is checked by the view)."""
    if entry.status == ImpactEntry.Status.VALIDATED:
        raise ValidationError("This impact is already validated.")
    with transaction.atomic():
        entry.status = ImpactEntry.Status.VALIDATED
        entry.validated_by, entry.validated_at = by, timezone.now()
        entry.save(update_fields=["status", "validated_by", "validated_at"])
        activity.record_event(
            actor=by,
            organisation=entry.organisation,
            target=entry,
            text=f"{by} validated the impact {entry}",
        )


def entries_for(target: models.Model) -> QuerySet[ImpactEntry]:
    return entries_on(type(target), [target.pk]).select_related("validated_by", "measure")


def entries_on(model: type[models.Model], ids: Any) -> QuerySet[ImpactEntry]:
    """The entries on the records of ``model`` whose ids are ``ids`` (a list or a subquery)."""
    return ImpactEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    )


def ledger(
    organisation: Organisation,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[ImpactEntry]:
    entries = ImpactEntry.objects.filter(organisation=organisation)
    if since:
        entries = entries.filter(period_end__gte=since)
    if until:
        entries = entries.filter(period_start__lte=until)
    return entries


def totals(entries: QuerySet[ImpactEntry], *, by: str = "") -> list[dict[str, Any]]:
    """Sums by kind and unit of amount (and by ``by``: unit, value_stream or priority),
    estimated and validated apart."""
    group = ["kind", "amount_unit", "status", *([f"{by}__name"] if by in ROLL_UP else [])]
    rows = entries.order_by().values(*group).annotate(total=Sum("amount")).order_by(*group)
    return [
        {**row, "kind": ImpactEntry.Kind(row["kind"]).label, "shown": shown(row["total"])}
        for row in rows
    ]


def shown(amount: Decimal) -> str:
    """An amount as people write it: 38,500 or 3.50."""
    whole = amount == amount.to_integral_value()
    return f"{amount:,.0f}" if whole else f"{amount:,.2f}"


def csv_rows(entries: Iterable[ImpactEntry]) -> Iterable[list[object]]:
    yield [
        "kind", "amount", "unit", "cash_releasing", "from", "to", "status", "validated_by",
        "area", "value_stream", "priority", "record", "note",
    ]  # fmt: skip
    for e in entries:
        yield [
            e.get_kind_display(), e.amount, e.amount_unit, e.cash_releasing, e.period_start,
            e.period_end, e.get_status_display(), e.validated_by or "", e.unit or "",
            e.value_stream or "", e.priority or "", e.target or "", e.note,
        ]  # fmt: skip

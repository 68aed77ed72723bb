"""The Lean tools' writes. Each records who changed what on the record the tool describes (its
activity feed and the audit trail) and tells the record's app (a project's fidelity reads its
tools)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from kaizen.accounts.models import User
from kaizen.activity.models import about
from kaizen.activity.services import record_event
from kaizen.audit.models import AuditEvent
from kaizen.projects.lean.models import ControlPlanItem, MapStep, Sipoc
from kaizen.projects.lean.parents import Parent


def _changed(parent: Parent, record: Any, by: User, text: str, url: str, action: str) -> None:
    record_event(
        actor=by, organisation=record.organisation, target=record, text=text, url=url, action=action
    )
    parent.changed(record)


def sipoc_save(*, parent: Parent, sipoc: Sipoc, by: User, url: str) -> Sipoc:
    action = AuditEvent.Action.CREATE if sipoc._state.adding else AuditEvent.Action.UPDATE
    sipoc.updated_at = timezone.now()
    with transaction.atomic():
        sipoc.save()
        _changed(parent, sipoc.target, by, f"updated the SIPOC of {sipoc.target}", url, action)
    return sipoc


def control_plan_add(*, parent: Parent, item: ControlPlanItem, by: User, url: str) -> None:
    with transaction.atomic():
        item.save()
        text = f"added {item.measure} to the control plan of {item.target}"
        _changed(parent, item.target, by, text, url, AuditEvent.Action.CREATE)


def control_plan_remove(*, parent: Parent, item: ControlPlanItem, by: User, url: str) -> None:
    record = item.target
    with transaction.atomic():
        item.delete()
        text = f"took {item.measure} off the control plan of {record}"
        _changed(parent, record, by, text, url, AuditEvent.Action.DELETE)


def map_save(*, parent: Parent, record: Any, steps: Sequence[MapStep], by: User, url: str) -> None:
    """Replace the record's value-stream map with ``steps`` (both states, each in its order):
    the editor always sends the whole map, so a step left out was removed."""
    for position, step in enumerate(steps):
        step.organisation = record.organisation
        step.target = record
        step.position = position
    with transaction.atomic():
        MapStep.objects.filter(**about(record)).delete()
        MapStep.objects.bulk_create(steps)
        text = f"updated the value-stream map of {record}"
        _changed(parent, record, by, text, url, AuditEvent.Action.UPDATE)

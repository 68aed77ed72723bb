"""The programme app's background work: the indicators kept current on a schedule (see
KAIZEN_SCHEDULE) and after their source records change."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from kaizen.accounts.models import Organisation
from kaizen.programme.services import indicators_refresh, indicators_refresh_all


@task()
def refresh_indicators(*, attempt: int = 1) -> int:
    """Every organisation's indicators, nightly: a month turning over changes them too."""
    return indicators_refresh_all()


@task()
def refresh_organisation_indicators(*, organisation_id: int, attempt: int = 1) -> int:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    return indicators_refresh(organisation=organisation) if organisation else 0


def refresh_after_commit(organisation_id: int) -> None:
    """Queue one refresh of the organisation's indicators once the change that touched their
    source commits: however many records a transaction saves, one refresh follows it. (Looked
    up in the transaction's own callbacks, so a rolled-back change leaves nothing behind.)"""
    connection = transaction.get_connection()
    queued = (entry[1] for entry in connection.run_on_commit)
    if any(getattr(callback, "organisation_id", None) == organisation_id for callback in queued):
        return

    def enqueue() -> None:
        refresh_organisation_indicators.enqueue(organisation_id=organisation_id)

    enqueue.organisation_id = organisation_id  # type: ignore[attr-defined]
    transaction.on_commit(enqueue)

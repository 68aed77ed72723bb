"""Training's background work: a freed place's offer lapses and passes on at its deadline."""

from __future__ import annotations

from django_tasks import task

from kaizen.training.services import expire, expire_due


@task()
def expire_offer(*, booking_id: int, attempt: int = 1) -> bool:
    return expire(booking_id=booking_id)


@task()
def expire_due_offers(*, attempt: int = 1) -> int:
    return expire_due()

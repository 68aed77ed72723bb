"""The indicators follow their sources: a transaction that changes projects' records queues
one refresh of their organisation after it commits, and a rolled-back one queues nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from kaizen.accounts.models import Organisation, User
from kaizen.testing import make_cycle, make_idea, make_project

REFRESH = "kaizen.programme.tasks.refresh_organisation_indicators"


def queued(org: Organisation) -> int:
    return sum(
        1
        for result in DBTaskResult.objects.filter(task_path=REFRESH)
        if result.args_kwargs["kwargs"]["organisation_id"] == org.pk
    )


@pytest.mark.django_db(transaction=True)
def test_one_transaction_queues_one_refresh_and_a_rollback_none(
    org: Organisation, leader_user: User
) -> None:
    with transaction.atomic():
        project = make_project(org, leader_user)
        idea = make_idea(project, leader_user)
        make_cycle(idea, leader_user)
        make_cycle(idea, leader_user)
    assert queued(org) == 1
    with transaction.atomic():
        make_cycle(idea, leader_user)
        transaction.set_rollback(True)
    assert queued(org) == 1
    with transaction.atomic():
        make_cycle(idea, leader_user)
    assert queued(org) == 2

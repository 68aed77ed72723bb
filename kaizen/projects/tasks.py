"""The projects app's scheduled work (see KAIZEN_SCHEDULE in settings)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kaizen.projects.services import cycles_due_for_study_notify


@task()
def notify_cycles_due(*, attempt: int = 1) -> int:
    """Tell each team, once, of its cycles now due for study."""
    return cycles_due_for_study_notify(today=timezone.localdate())

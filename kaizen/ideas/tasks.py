"""The ideas app's scheduled work (see KAIZEN_SCHEDULE in settings)."""

from __future__ import annotations

from django_tasks import task

from kaizen.ideas.boards import stalled_digests


@task()
def notify_stalled(*, attempt: int = 1) -> int:
    """Tell each organisation's deciders, once a day, how many ideas are stalled."""
    return stalled_digests()

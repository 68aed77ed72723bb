from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "kaizen.activity"
    label = "activity"

    def ready(self) -> None:
        # Connects the retry of failed tasks (see kaizen.activity.tasks).
        from kaizen import health
        from kaizen.activity import tasks  # noqa: F401
        from kaizen.activity.health import task_queue

        health.register("task_queue", task_queue)

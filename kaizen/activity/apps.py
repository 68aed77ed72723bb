from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "kaizen.activity"
    label = "activity"

    def ready(self) -> None:
        # Connects the retry of failed tasks (see kaizen.activity.tasks).
        from kaizen.activity import tasks  # noqa: F401

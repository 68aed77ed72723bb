from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kaizen.projects"
    label = "projects"

    def ready(self) -> None:
        # Projects derive verdicts from measures' data; measures announce changes to it rather
        # than import projects.
        from kaizen.measures.signals import measure_changed
        from kaizen.projects.services import verdicts_follow_data

        measure_changed.connect(verdicts_follow_data, dispatch_uid="projects.verdicts_follow_data")

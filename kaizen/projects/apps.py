from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kaizen.projects"
    label = "projects"

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kaizen.imports"
    label = "imports"

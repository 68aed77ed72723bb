from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "kaizen.measures"
    label = "measures"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kaizen.demo"
    label = "demo"

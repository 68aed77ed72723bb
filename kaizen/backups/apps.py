from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "kaizen.backups"
    label = "backups"

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kaizen.audit"
    label = "audit"

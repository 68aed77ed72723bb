# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class AuditConfig(registry.KaizenAppConfig):
    name = "kaizen.audit"
    label = "audit"
    navigation = (
        registry.NavEntry("Audit trail", "audit_list", Capability.VIEW_AUDIT, position=100),
    )

    def ready(self) -> None:
        # Accounts, below audit, announces its changes rather than importing the audit trail.
        from kaizen.accounts.signals import change_made
        from kaizen.audit.services import record_announced

        change_made.connect(record_announced, dispatch_uid="audit.record_announced")

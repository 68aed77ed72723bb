# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class AuditConfig(registry.KaizenAppConfig):
    name = "kaizen.audit"
    label = "audit"
    navigation = (
        registry.NavEntry("Audit trail", "audit:audit_list", Capability.VIEW_AUDIT, position=100),
    )

    def ready(self) -> None:
        # Apps below audit (accounts) announce changes rather than import the audit trail.
        from kaizen.audit.services import record_announced
        from kaizen.changes import change_made

        change_made.connect(record_announced, dispatch_uid="audit.record_announced")

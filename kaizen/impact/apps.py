# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class ImpactConfig(registry.KaizenAppConfig):
    name = "kaizen.impact"
    label = "impact"
    navigation = (
        registry.NavEntry(
            "Impact", "impact:ledger", Capability.VIEW, position=53, section="improvement"
        ),
    )

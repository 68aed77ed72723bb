# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class ApiConfig(registry.KaizenAppConfig):
    name = "kaizen.api"
    label = "api"
    navigation = (
        registry.NavEntry(
            "API tokens", "api:tokens", Capability.VIEW, position=90, section="programme"
        ),
    )
    demo_loader = "kaizen.api.demo.load_demo_token"

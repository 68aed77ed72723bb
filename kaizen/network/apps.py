# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class NetworkConfig(registry.KaizenAppConfig):
    name = "kaizen.network"
    label = "network"
    navigation = (
        registry.NavEntry(
            "Shared learning", "network:shared", Capability.VIEW, position=80, section="programme"
        ),
        registry.NavEntry(
            "Change packages", "network:packages", Capability.VIEW, position=81, section="programme"
        ),
        # Each member's own choice, so it sits with the other pages about people.
        registry.NavEntry(
            "Being named in shared learning",
            "network:naming",
            Capability.VIEW,
            position=82,
            section="people",
        ),
    )
    demo_loader = "kaizen.network.demo.load_demo_network"

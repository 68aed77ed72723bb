# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class StrategyConfig(registry.KaizenAppConfig):
    name = "kaizen.strategy"
    label = "strategy"
    navigation = (
        registry.NavEntry(
            "True North", "strategy:strategy", Capability.VIEW, position=40, section="programme"
        ),
    )
    home_panel = "strategy/_home_panel.jinja"
    org_defaults = "kaizen.strategy.services.install_defaults"
    demo_loader = "kaizen.strategy.demo.load_demo_strategy"

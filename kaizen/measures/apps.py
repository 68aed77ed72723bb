# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class MeasuresConfig(registry.KaizenAppConfig):
    name = "kaizen.measures"
    label = "measures"
    navigation = (
        registry.NavEntry("Measures", "measures:measure_list", Capability.VIEW, position=10),
        registry.NavEntry("Board summary", "measures:board_summary", Capability.VIEW, position=20),
    )
    home_panel = "measures/_home_panel.jinja"
    home_data = "kaizen.measures.home.home_data"

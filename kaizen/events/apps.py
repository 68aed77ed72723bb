# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class EventsConfig(registry.KaizenAppConfig):
    name = "kaizen.events"
    label = "events"
    navigation = (
        registry.NavEntry(
            "Events", "events:calendar", Capability.VIEW, position=55, section="improvement"
        ),
    )
    home_panel = "events/_home_panel.jinja"
    home_data = "kaizen.events.home.home_data"
    indicators = "kaizen.events.indicators.EVENT_INDICATORS"
    demo_loader = "kaizen.events.demo.load_demo_events"
    news_source = "kaizen.events.news.event_news"
    org_defaults = "kaizen.events.services.preparation_install_defaults"

    def ready(self) -> None:
        # An event carries Lean tools (its value-stream map, SIPOC and control plan).
        from kaizen.events.services import register_lean_parent

        register_lean_parent()

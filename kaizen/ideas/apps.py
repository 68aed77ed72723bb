# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class IdeasConfig(registry.KaizenAppConfig):
    name = "kaizen.ideas"
    label = "ideas"
    # Every member raises ideas, joins huddles and nominates what to stop doing.
    navigation = (
        registry.NavEntry(
            "Ideas", "ideas:list", Capability.VIEW, position=50, section="improvement"
        ),
        registry.NavEntry(
            "Huddle boards", "ideas:boards", Capability.VIEW, position=51, section="improvement"
        ),
        registry.NavEntry(
            "Stop doing", "ideas:campaigns", Capability.VIEW, position=52, section="improvement"
        ),
    )
    home_panel = "ideas/_home_panel.jinja"
    home_data = "kaizen.ideas.home.home_data"
    org_defaults = "kaizen.ideas.services.install_defaults"
    demo_loader = "kaizen.ideas.demo.load_demo_ideas"
    news_source = "kaizen.ideas.news.idea_news"
    indicators = "kaizen.ideas.indicators.IDEA_INDICATORS"

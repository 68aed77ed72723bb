# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class EngagementConfig(registry.KaizenAppConfig):
    name = "kaizen.engagement"
    label = "engagement"
    # One "Engagement" section for every member, holding Leadership, Stories and Newsletter.
    navigation = (
        registry.NavEntry(
            "Engagement", "engagement:hub", Capability.VIEW, position=60, section="people"
        ),
    )
    home_panel = "engagement/_home_panel.jinja"
    home_data = "kaizen.engagement.home.home_data"
    demo_loader = "kaizen.engagement.demo.load_demo_engagement"
    news_source = "kaizen.engagement.newsletter.engagement_news"
    indicators = "kaizen.engagement.indicators.ENGAGEMENT_INDICATORS"

# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class TrainingConfig(registry.KaizenAppConfig):
    name = "kaizen.training"
    label = "training"
    navigation = (
        registry.NavEntry(
            "Training", "training:overview", Capability.VIEW, position=50, section="people"
        ),
    )
    home_panel = "training/_home_panel.jinja"
    home_data = "kaizen.training.home.home_data"
    org_defaults = "kaizen.training.services.tiers_install_defaults"
    demo_loader = "kaizen.training.demo.load_demo_training"
    news_source = "kaizen.training.news.training_news"
    indicators = "kaizen.training.indicators.TRAINING_INDICATORS"

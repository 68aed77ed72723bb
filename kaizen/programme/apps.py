# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from typing import Any

from kaizen import registry
from kaizen.accounts.roles import Capability


class ProgrammeConfig(registry.KaizenAppConfig):
    name = "kaizen.programme"
    label = "programme"
    navigation = (
        registry.NavEntry(
            "Programme", "programme:umbrella", Capability.VIEW, position=45, section="programme"
        ),
    )
    home_panel = "programme/_home_panel.jinja"
    demo_loader = "kaizen.programme.demo.load_demo_programme"
    indicators = "kaizen.programme.indicators.PROJECT_INDICATORS"

    def ready(self) -> None:
        # A cycle saved or removed changes the indicators it feeds.
        from django.db.models.signals import post_delete, post_save

        from kaizen.projects.models import PDSACycle

        post_save.connect(_cycle_changed, sender=PDSACycle, dispatch_uid="programme.cycle_saved")
        post_delete.connect(_cycle_changed, sender=PDSACycle, dispatch_uid="programme.cycle_gone")


def _cycle_changed(sender: object, instance: Any, **kwargs: object) -> None:
    from kaizen.programme.tasks import refresh_after_commit

    refresh_after_commit(instance.organisation_id)

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
    indicators = "kaizen.programme.stages.PROGRAMME_INDICATORS"

    def ready(self) -> None:
        # A source record saved or removed changes the indicators it feeds.
        from django.db.models.signals import post_delete, post_save

        from kaizen.projects.models import (
            MeasureLink,
            PDSACycle,
            ProgressScore,
            Project,
            TeamMember,
        )

        for source in (PDSACycle, Project, ProgressScore, TeamMember, MeasureLink):
            name = source._meta.model_name
            post_save.connect(_source_changed, sender=source, dispatch_uid=f"programme.{name}")
            post_delete.connect(_source_changed, sender=source, dispatch_uid=f"programme.{name}-")


def _source_changed(sender: object, instance: Any, **kwargs: object) -> None:
    from kaizen.programme.tasks import refresh_after_commit
    from kaizen.projects.models import Project

    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is None:
        # A project's own records (scores, team, links) reach their organisation through it;
        # one removed with its project has nothing left to count.
        found = Project.objects.filter(pk=instance.project_id).values_list("organisation_id")
        organisation_id = next(iter(found), (None,))[0]
    if organisation_id is not None:
        refresh_after_commit(organisation_id)

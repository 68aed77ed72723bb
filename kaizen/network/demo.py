"""The demo's shared learning: a demo network with the demo trust in it, and the trust's
projects in the open library (shared through the same service as by a person)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from kaizen.accounts.models import Organisation
from kaizen.network.models import Network, SharedItem
from kaizen.network.services import share_project


def load_demo_library(organisation: Organisation) -> None:
    network, _ = Network.objects.get_or_create(
        name="Riverside Integrated Care System (demo)",
        defaults={"description": "The demo trust's partners in improvement."},
    )
    network.organisations.add(organisation)
    for project in organisation.projects.all():
        if SharedItem.objects.live().filter(project=project).exists():
            continue
        try:
            share_project(project=project, by=project.lead, reach=SharedItem.Reach.PUBLIC)  # type: ignore[arg-type]
        except ValidationError:
            continue  # a demo text the screen refuses stays private, as a person's would

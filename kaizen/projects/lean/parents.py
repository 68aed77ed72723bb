"""The records Lean tools attach to. An app whose records carry tools registers a Parent: how
to find one of its records inside the request's organisation, who may change its tools, and
where its page is. Lean never imports the apps above it (events registers itself from its
AppConfig.ready), so a tool attaches to any record through contenttypes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from kaizen.accounts.permissions import OrgRequest


@dataclass(frozen=True)
class Parent:
    model: type[Model]
    noun: str
    can_change: Callable[[OrgRequest, Any], bool]
    # Why a member who may read the tools may not change them.
    refusal: str
    url: Callable[[Any], str]
    # What changing a tool changes about its record (a project's fidelity score).
    changed: Callable[[Any], object] = lambda record: None

    def find(self, request: OrgRequest, pk: int) -> Any:
        return get_object_or_404(self.model, pk=pk, organisation=request.organisation)


PARENTS: dict[str, Parent] = {}


def register(key: str, parent: Parent) -> None:
    PARENTS[key] = parent


def parent_for(key: str) -> Parent:
    if key not in PARENTS:
        raise Http404("No such kind of record")
    return PARENTS[key]


def register_projects() -> None:
    from kaizen.projects.models import Project
    from kaizen.projects.permissions import can_change_project
    from kaizen.projects.services import project_refresh_fidelity

    register(
        "project",
        Parent(
            model=Project,
            noun="project",
            can_change=lambda request, project: can_change_project(request.membership, project),
            refusal="Only the project's lead, sponsor and team, improvement coaches and "
            "organisation admins can change its Lean tools. You can read and print them.",
            url=lambda project: reverse(
                "projects:project_detail", args=[project.organisation.slug, project.pk]
            ),
            changed=lambda project: project_refresh_fidelity(project=project),
        ),
    )

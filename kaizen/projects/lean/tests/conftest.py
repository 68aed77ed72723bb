from __future__ import annotations

import pytest

from kaizen.accounts.models import Organisation, User
from kaizen.projects.models import Project
from kaizen.testing import make_project


@pytest.fixture
def dmaic_project(org: Organisation, coach_user: User) -> Project:
    """A project run on DMAIC, whose template asks for a SIPOC and a control plan."""
    project = make_project(org, coach_user)
    dmaic = org.methods.get(key="dmaic")
    Project.objects.filter(pk=project.pk).update(method=dmaic, stage=dmaic.stages.first())
    project.refresh_from_db()
    return project

"""The demo trust's programme: its indicators computed from the demo projects' two years of
cycles (loaded by the projects app before this), so every chart has a story on `make run`."""

from __future__ import annotations

from kaizen.accounts.models import Organisation
from kaizen.programme.services import indicators_refresh


def load_demo_programme(organisation: Organisation) -> None:
    indicators_refresh(organisation=organisation)

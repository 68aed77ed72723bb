"""Accounts' hook for the apps above it: a new organisation gets every app's defaults."""

from __future__ import annotations

from typing import Any

from kaizen.accounts.models import Organisation
from kaizen.registry import install_defaults


def organisation_saved(
    sender: type[Organisation], *, instance: Organisation, created: bool, raw: bool, **kwargs: Any
) -> None:
    # Fixtures loaded raw describe whole databases, defaults included.
    if created and not raw:
        install_defaults(organisation=instance)

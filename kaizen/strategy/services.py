"""Writes to the organisation's strategy."""

from __future__ import annotations

from kaizen.accounts.models import Organisation
from kaizen.strategy.models import NorthStar


def install_defaults(*, organisation: Organisation) -> None:
    """Give a new organisation its (empty) North Star, so pages read it without creating it."""
    NorthStar.objects.get_or_create(organisation=organisation)


def north_star_for(organisation: Organisation) -> NorthStar:
    """The organisation's North Star; an unsaved blank one if its defaults were never installed,
    so a read never writes."""
    try:
        return organisation.north_star
    except NorthStar.DoesNotExist:
        return NorthStar(organisation=organisation)

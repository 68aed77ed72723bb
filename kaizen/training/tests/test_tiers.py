"""The tier ladder: named, added at the top and reordered by those who manage training; read by
everyone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.training.models import Tier
from kaizen.training.services import tiers_install_defaults
from kaizen.training.tiers import tier_move, tier_save

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]


def names(org: Organisation) -> list[str]:
    return list(org.tiers.order_by("rank").values_list("name", flat=True))


def test_moving_a_tier_swaps_it_with_its_neighbour(org: Organisation, coach_user: User) -> None:
    tiers_install_defaults(organisation=org)
    foundation = org.tiers.get(name="Foundation")
    tier_move(tier=foundation, up=True, by=coach_user)
    assert names(org)[:3] == ["Awareness and induction", "Practitioner", "Foundation"]
    assert list(org.tiers.order_by("rank").values_list("rank", flat=True)) == list(range(1, 8))


def test_the_ends_of_the_ladder_do_not_move_further(org: Organisation, coach_user: User) -> None:
    tiers_install_defaults(organisation=org)
    with pytest.raises(ValidationError, match="already the first"):
        tier_move(tier=org.tiers.get(rank=1), up=False, by=coach_user)
    with pytest.raises(ValidationError, match="already the deepest"):
        tier_move(tier=org.tiers.get(rank=7), up=True, by=coach_user)


def test_a_new_tier_goes_on_top_and_names_are_not_reused(
    org: Organisation, coach_user: User
) -> None:
    tiers_install_defaults(organisation=org)
    tier_save(tier=Tier(organisation=org, name="Fellows", default_target_percent=0), by=coach_user)
    assert names(org)[-1] == "Fellows"
    with pytest.raises(ValidationError, match="already a tier called"):
        tier_save(tier=Tier(organisation=org, name="fellows"), by=coach_user)


def test_everyone_reads_the_ladder_and_only_managers_change_it(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    tiers_install_defaults(organisation=org)
    url = f"/o/{org.slug}/training/tiers/"
    page = client_for(staff_user).get(url).content.decode()
    assert "Patient partners" in page and "Move up" not in page
    data = {"name": "Fellows", "default_target_percent": "0"}
    assert client_for(staff_user).post(url, data).status_code == 403
    assert client_for(coach_user).post(url, data).status_code == 302
    edit = f"/o/{org.slug}/training/tiers/{org.tiers.get(rank=2).pk}/edit/"
    refused = client_for(coach_user).post(
        edit, {"name": "Foundation", "default_target_percent": "120"}
    )
    assert "at most 100" in refused.content.decode()

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.api.models import ApiToken
from kaizen.api.services import token_create

Bearer = Callable[..., Client]


@pytest.fixture
def bearer(db: None) -> Bearer:
    """A client sending a new token of ``user`` in ``organisation`` with every request."""

    def make(user: User, organisation: Organisation, scope: str = ApiToken.Scope.READ) -> Client:
        _, secret = token_create(
            user=user, organisation=organisation, name="Test", scope=scope, days=30
        )
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make

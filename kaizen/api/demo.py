"""The demo trust's API token, the same on every load so that `make run` can print it and a
script written against the demo keeps working."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation
from kaizen.accounts.roles import Role
from kaizen.api.models import ApiToken, hash_secret

# A demo secret, published on purpose: the demo's passwords are too.
DEMO_TOKEN = "kz_demo_read_write_token_for_the_demo_trust_only"


def load_demo_token(organisation: Organisation) -> ApiToken | None:
    admin = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return None
    token, _ = ApiToken.objects.update_or_create(
        hashed=hash_secret(DEMO_TOKEN),
        defaults={
            "user": admin.user,
            "organisation": organisation,
            "name": "Demo token",
            "scope": ApiToken.Scope.WRITE,
            "hint": DEMO_TOKEN[:10],
            "expires_at": timezone.now() + dt.timedelta(days=365),
            "revoked_at": None,
        },
    )
    return token

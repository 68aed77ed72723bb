"""Give every organisation the defaults each app declares (kaizen.registry), for organisations
created before an app arrived. Safe to run any time: every installer is idempotent, and
`make migrate` runs it after the migrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kaizen.accounts.models import Organisation
from kaizen.registry import install_defaults


class Command(BaseCommand):
    help = "Install every app's per-organisation defaults where they are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = list(Organisation.objects.all())
        for organisation in organisations:
            with transaction.atomic():
                install_defaults(organisation=organisation)
        self.stdout.write(f"Defaults in place for {len(organisations)} organisations")

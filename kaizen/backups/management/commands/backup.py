"""`manage.py backup`: a dated, consistent copy of the database, old ones pruned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaizen.backups import dumps


class Command(BaseCommand):
    help = (
        "Copy the database (online) into a dated file in BACKUP_DIR; keep the newest BACKUP_KEEP."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.BACKUP_DIR)
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["keep"] < 1:
            raise CommandError("--keep must be at least 1, or the new backup would be deleted.")
        try:
            path = dumps.backup(options["dir"], keep=options["keep"])
        except dumps.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {path}")

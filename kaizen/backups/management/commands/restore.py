"""`manage.py restore FILE`: put a backup back, replacing what the database holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaizen.backups import dumps


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`, replacing the database's contents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Replace a database that already holds data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Restoring over live data destroys it: ask for it explicitly.
        if not options["yes"] and dumps.holds_data():
            raise CommandError(
                "The database already holds data, which the restore would replace. "
                "Run again with --yes if that is what you want."
            )
        try:
            dumps.restore(options["file"])
        except dumps.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['file']}")

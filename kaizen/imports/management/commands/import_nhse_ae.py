"""`manage.py import_nhse_ae FILE --org SLUG [--trust CODE ...]`: NHS England's A&E statistics
(the tidy CSV format) as measures of an organisation. Running it again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaizen.accounts.models import Organisation
from kaizen.imports.nhse import read_series
from kaizen.imports.services import nhse_import


class Command(BaseCommand):
    help = "Import NHS England A&E statistics (tidy CSV) into an organisation's measures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="The organisation's slug")
        parser.add_argument(
            "--trust",
            action="append",
            default=[],
            metavar="ORG_CODE",
            help="Import only this organisation code (repeat for several); all by default",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        series = read_series(path, trusts=options["trust"])
        if not series:
            raise CommandError("The file has no series for the organisation codes given")
        created, changes = nhse_import(
            organisation=organisation, series=series, source=f"NHS England A&E data ({path.name})"
        )
        skipped = sum(one.skipped for one in series)
        self.stdout.write(
            f"{len(series)} series: {created} new measures; {changes.new} new, "
            f"{changes.changed} changed and {changes.unchanged} unchanged data points"
            + (f"; {skipped} inconsistent rows skipped" if skipped else "")
            + "."
        )

"""`manage.py import_long_table FILE --org SLUG --series-col C --period-col C --value-col C`:
a long table of many series (one row per series and period) as measures, created as needed.

`--split` (instead of `--org`) shares a national file among the organisations its ODS codes name
(`--create-organisations` creates those not here yet). `--source NAME` saves the column mapping
under that name, or, given without columns, imports with the mapping saved under it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaizen.accounts.models import Organisation
from kaizen.imports.bulk import (
    BulkRefused,
    NewMeasures,
    bulk_import,
    bulk_preview,
    source_save,
)
from kaizen.imports.longtable import PUBLISHERS, ColumnMapping, LongTableError
from kaizen.imports.models import ImportSource

ROLES = ("period", "value", "numerator", "denominator", "breakdown")


class Command(BaseCommand):
    help = "Import a long table (one row per series and period), creating measures as needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--org", help="The organisation's slug")
        target.add_argument(
            "--split", action="store_true", help="Share the file among the organisations it names"
        )
        parser.add_argument("--create-organisations", action="store_true")
        parser.add_argument(
            "--series-col",
            action="append",
            default=[],
            help="A column naming the series (repeat, or separate by commas, for several)",
        )
        for role in ROLES:
            parser.add_argument(f"--{role}-col", default="")
        parser.add_argument("--org-col", default="", help="The column of ODS codes")
        parser.add_argument("--org-name-col", default="")
        parser.add_argument("--publisher", default="", choices=[key for key in PUBLISHERS if key])
        parser.add_argument("--source", default="", help="Save (or use) the mapping by this name")
        parser.add_argument("--only", action="append", default=[], metavar="ODS_CODE")
        parser.add_argument("--chart", default="", help="The chart of every new measure")
        parser.add_argument("--improvement", default="", help="increase, decrease or neutral")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["org"]:
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with the slug {options['org']!r}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        mapping = self._mapping(options, organisation)
        try:
            preview = bulk_preview(
                organisation=organisation,
                path=path,
                mapping=mapping,
                only_orgs=options["only"],
                create_organisations=options["create_organisations"],
            )
        except (LongTableError, BulkRefused) as error:
            raise CommandError(str(error)) from error
        if preview.problems:
            lines = [f"row {p.row}: {p.message}" for p in preview.problems[:50]]
            raise CommandError(
                f"Nothing imported: {len(preview.problems)} problems.\n" + "\n".join(lines)
            )
        new = NewMeasures(chart=options["chart"], improvement=options["improvement"])
        result = bulk_import(preview=preview, by=None, mapping=mapping, source=path.name, new=new)
        self.stdout.write(
            f"{len(preview.table.series)} series in {len(preview.planned)} organisations: "
            f"{result.created} new measures, {result.organisations_created} new organisations; "
            f"{result.new} new, {result.changed} changed and {result.unchanged} unchanged "
            "data points."
        )

    def _mapping(self, options: dict[str, Any], organisation: Organisation | None) -> ColumnMapping:
        series = tuple(c.strip() for arg in options["series_col"] for c in arg.split(",") if c)
        name = options["source"]
        if not series:
            source = ImportSource.objects.filter(organisation=organisation, name=name).first()
            if not name or source is None:
                raise CommandError("Name the series columns (--series-col) or a saved --source")
            return ColumnMapping.from_json(source.mapping)
        mapping = ColumnMapping(
            series=series,
            organisation=options["org_col"],
            organisation_name=options["org_name_col"],
            publisher=options["publisher"],
            **{role: options[f"{role}_col"] for role in ROLES},
        )
        if not mapping.period or not mapping.value:
            raise CommandError("Name the period and value columns (--period-col, --value-col)")
        if name and organisation is not None:
            source_save(organisation=organisation, name=name, mapping=mapping)
        return mapping

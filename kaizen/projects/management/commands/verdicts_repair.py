"""Recompute every change's verdict, for when verdicts may have missed the measure_changed
signal (data written outside the services, a restored backup, a kaizen-spc upgrade).

Pages never refresh verdicts as they are read; this is the repair. Only verdicts that differ
are written, so running it twice changes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from kaizen.projects.models import MeasureLink, Project
from kaizen.projects.services import verdicts_refresh


class Command(BaseCommand):
    help = "Recompute the verdicts of every change (or of one organisation's, with --org)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="Only this organisation (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        links = MeasureLink.objects.exclude(idea=None, cycle=None)
        if options["org"]:
            links = links.filter(project__organisation__slug=options["org"])
        projects = Project.objects.filter(pk__in=links.values("project")).order_by("pk")
        changed = 0
        for project in projects:
            # One project at a time: a failure leaves the others' repairs in place.
            with transaction.atomic():
                before = dict(links.filter(project=project).values_list("pk", "verdict"))
                after = verdicts_refresh(project=project)
                changed += sum(before[link.pk] != link.verdict for link in after)
        self.stdout.write(f"{len(projects)} projects checked; {changed} verdicts changed")

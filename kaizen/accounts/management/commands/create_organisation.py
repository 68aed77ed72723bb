"""Installers create each organisation, and its first admin, from the command line."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from kaizen.accounts.models import Organisation
from kaizen.accounts.services import create_organisation


class Command(BaseCommand):
    help = "Create an organisation and invite its first admin by email."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help='The organisation\'s name, e.g. "Riverside NHS Trust"')
        parser.add_argument("slug", help='Short name used in its URLs, e.g. "riverside"')
        parser.add_argument("admin_email", help="Email address of the organisation's admin")
        parser.add_argument(
            "--kind", choices=Organisation.Kind.values, default=Organisation.Kind.TRUST
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"An organisation with the slug {options['slug']!r} exists.")
        organisation, invitation = create_organisation(
            name=options["name"],
            slug=options["slug"],
            kind=options["kind"],
            admin_email=options["admin_email"],
            absolute_url=lambda path: settings.SITE_URL.rstrip("/") + path,
        )
        home = settings.SITE_URL.rstrip("/") + reverse(
            "organisation:org_home", args=[organisation.slug]
        )
        self.stdout.write(
            self.style.SUCCESS(f"Created {organisation.name} ({home}).")
            + f"""

Next steps:
  1. {invitation.email} has been emailed an invitation to be its admin (valid 7 days).
     With the console email backend the email, and its link, is printed above.
  2. Once signed in, the admin adds the hierarchy and value streams under Settings
     and invites colleagues under Members.
  3. Real email needs EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and
     EMAIL_HOST, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and DEFAULT_FROM_EMAIL set.
"""
        )

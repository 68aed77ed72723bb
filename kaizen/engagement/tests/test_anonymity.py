"""Anonymous top-concern answers cannot be traced to their author by any page, export, API, log
or stored row. The test is differential: it reads every page of the organisation (CSV and PDF
exports included), every API list and every row that points at the author, before and after the
author answers, and fails if anything about them changed. A named answer, through the same walk,
does show its author, so the walk can see a leak."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.api.endpoints import api
from kaizen.api.services import token_create
from kaizen.engagement import services
from kaizen.engagement.models import Answer, Round
from kaizen.testing import make_member
from kaizen.tests.test_every_page_renders import fill, records, walk
from kaizen.urls import org_patterns

pytestmark = pytest.mark.django_db
NAME, EMAIL = "Quentin Quill", "quentin.quill@riverside.example"


# A list to choose a member from (an action's owner) names everyone, whatever they wrote; the
# number of such lists grows with the themes on a page, so they are not counted.
MEMBER_PICKER = re.compile(r"<select\b.*?</select>", re.DOTALL)


def _mentions(text: str) -> int:
    text = MEMBER_PICKER.sub("", text)
    return text.count(NAME) + text.count(EMAIL)


def _pages(client: Client, organisation: Organisation) -> Counter[str]:
    """How often every GET page of the organisation names the author, by path."""
    sources = records(organisation)
    seen: Counter[str] = Counter()
    for route in walk(org_patterns):
        path = fill(route, sources)
        if path is not None:
            response = client.get(f"/o/{organisation.slug}/{path}")
            content = getattr(response, "content", b"")
            seen[path] = _mentions(content.decode(errors="replace"))
    return seen


def _api(secret: str) -> Counter[str]:
    """How often every API list (each GET endpoint without a parameter) names the author."""
    client, seen = Client(), Counter[str]()
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if "get" in operations and "{" not in path:
            response = client.get(path, headers={"Authorization": f"Bearer {secret}"})
            seen[path] = _mentions(response.content.decode())
    return seen


def _rows(author: User) -> Counter[str]:
    """Rows of every model that point at the author, or carry their name, by model."""
    seen: Counter[str] = Counter()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if (
                field.concrete
                and related is not None
                and related._meta.label == (settings.AUTH_USER_MODEL)
            ):
                assert isinstance(field, models.Field)
                seen[model._meta.label] += model._default_manager.filter(
                    **{field.name: author}
                ).count()
    audit = apps.get_model("audit", "AuditEvent")
    seen["audit names"] = audit.objects.filter(actor_repr__contains=NAME).count()
    return seen


@pytest.fixture
def concern_round(org: Organisation, leader_user: User) -> Round:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    Membership.objects.filter(organisation=org).update(unit=ward)
    round_ = services.round_open(
        actor=leader_user,
        organisation=org,
        question="What gets in the way?",
        closes_on=timezone.localdate(),
    )
    # Themes and answers before: the pages that show them are in the walk.
    theme = services.theme_add(actor=leader_user, round_=round_, title="Equipment", answers=[])
    services.theme_answer(actor=leader_user, theme=theme, response="New hoists came.")
    return round_


@pytest.mark.parametrize("anonymous", [True, False])
def test_an_anonymous_answer_leaves_no_trace_of_its_author(
    anonymous: bool,
    org: Organisation,
    concern_round: Round,
    client_for: Callable[[User], Client],
    caplog: pytest.LogCaptureFixture,
) -> None:
    admin = make_member(org, Role.ADMIN, "admin@riverside.example")
    author = make_member(org, Role.STAFF, EMAIL)
    User.objects.filter(pk=author.pk).update(full_name=NAME)
    # In the same ward as everyone else: a unit of one would name its author in any breakdown.
    Membership.objects.filter(user=author).update(unit=OrgUnit.objects.get(name="Ward 7"))
    _, secret = token_create(user=admin, organisation=org, name="Reader", scope="read", days=1)
    reader, writer = client_for(admin), client_for(author)
    before = (_pages(reader, org), _api(secret), _rows(author))

    caplog.set_level(logging.INFO)
    url = reverse("engagement:round", args=[org.slug, concern_round.pk])
    form = {"body": "The hoist on bay 2 is broken"} | ({"anonymous": "on"} if anonymous else {})
    assert writer.post(url, form).status_code == 302
    answer = Answer.objects.get(body="The hoist on bay 2 is broken")
    services.theme_add(
        actor=admin, round_=concern_round, title="Hoists", answers=[answer]
    )  # themed, so the theme's pages show it too
    logged = [record.__dict__ for record in caplog.records]

    after = (_pages(reader, org), _api(secret), _rows(author))
    changed = [
        (place, before_counts[place], after_counts[place])
        for before_counts, after_counts in zip(before, after, strict=True)
        for place in after_counts
        if after_counts[place] != before_counts[place]
    ]
    if anonymous:
        assert answer.author is None
        assert changed == []
        assert all(entry.get("user_id") != author.pk for entry in logged)
        assert not any(EMAIL in str(entry) or NAME in str(entry) for entry in logged)
    else:
        # The same walk sees a named answer's author: on its round's page, and its row.
        assert ("engagement.Answer", 0, 1) in changed
        assert any(
            place.startswith(f"engagement/concerns/{concern_round.pk}") for place, *_ in changed
        )

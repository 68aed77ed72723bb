"""Every page inside an organisation renders for an admin of the demo trust, with templates
strict about undefined names (conftest.py): a template typo, or a context variable a view
forgot, fails here even on a page no other test opens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver

from kaizen.accounts.models import Invitation, Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.api.models import ApiToken
from kaizen.demo.loader import load_demo
from kaizen.engagement.models import Action, CompactVersion, Newsletter, Photo, Round, Story, Theme
from kaizen.events.models import (
    ChecklistItem,
    Event,
    FollowUp,
    PreparationStep,
    ReportPhoto,
)
from kaizen.ideas.models import BoardAction, Campaign, Idea, Nomination
from kaizen.impact.models import ImpactEntry
from kaizen.measures.models import Annotation, DataPoint, Measure
from kaizen.network.models import ChangePackage, Network, NetworkMeasure, SharedItem
from kaizen.programme.models import MaturityAssessment
from kaizen.projects.lean.models import ControlPlanItem
from kaizen.projects.models import (
    ChangeIdea,
    DriverNode,
    ImprovementMethod,
    MeasureLink,
    PDSACycle,
    Project,
    TeamMember,
)
from kaizen.strategy.models import Objective, ProgrammeTag, StrategicPriority
from kaizen.training.models import Booking, Course, Session, TrainingRecord
from kaizen.urls import org_patterns

AS_OF = dt.date(2025, 6, 18)


def walk(patterns: Sequence[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def records(organisation: Organisation) -> dict[str, QuerySet[Any]]:
    """Where each URL parameter's record comes from, by the route's words before it."""
    projects = {"project__organisation": organisation}
    return {
        "members/<int:pk>": organisation.memberships.all(),
        "invitations/<int:pk>": organisation.invitations.all(),
        "settings/units/<int:pk>": organisation.units.all(),
        "settings/value-streams/<int:pk>": organisation.value_streams.all(),
        "measures/<int:pk>": Measure.objects.filter(organisation=organisation),
        "<int:point_pk>": DataPoint.objects.filter(measure__organisation=organisation),
        "<int:annotation_pk>": Annotation.objects.filter(measure__organisation=organisation),
        "<int:method_id>": ImprovementMethod.objects.filter(organisation=organisation),
        "projects/<int:pk>": Project.objects.filter(organisation=organisation),
        "team/<int:member_id>": TeamMember.objects.filter(**projects),
        "drivers/<int:node_id>": DriverNode.objects.filter(**projects),
        "ideas/<int:idea_id>": ChangeIdea.objects.filter(**projects),
        "ideas/<int:change_id>": ChangeIdea.objects.filter(**projects),
        "cycles/<int:change_id>": PDSACycle.objects.filter(
            idea__project__organisation=organisation
        ),
        "cycles/<int:cycle_id>": PDSACycle.objects.filter(idea__project__organisation=organisation),
        "links/<int:link_id>": MeasureLink.objects.filter(**projects),
        "<int:measure_id>": Measure.objects.filter(organisation=organisation),
        "ideas/<int:pk>": Idea.objects.filter(organisation=organisation),
        "boards/<int:unit>": organisation.units.all(),
        "ideas/actions/<int:pk>": BoardAction.objects.filter(organisation=organisation),
        "stop-doing/<int:pk>": Campaign.objects.filter(organisation=organisation),
        "nominations/<int:pk>": Nomination.objects.filter(campaign__organisation=organisation),
        "impact/<int:pk>": ImpactEntry.objects.filter(organisation=organisation),
        # Following: a project stands for any record.
        "<int:content_type_id>": ContentType.objects.filter(app_label="projects", model="project"),
        "<int:object_id>": Project.objects.filter(organisation=organisation),
        "training/courses/<int:pk>": Course.objects.filter(organisation=organisation),
        "training/sessions/<int:pk>": Session.objects.filter(course__organisation=organisation),
        "training/bookings/<int:pk>": Booking.objects.filter(
            session__course__organisation=organisation
        ),
        "training/records/<int:pk>": TrainingRecord.objects.filter(organisation=organisation),
        "training/tiers/<int:pk>": organisation.tiers.all(),
        "training/dosage/units/<int:pk>": organisation.units.all(),
        "events/<int:pk>": Event.objects.filter(organisation=organisation),
        "checklist/<int:item_id>": ChecklistItem.objects.filter(event__organisation=organisation),
        "follow-ups/<int:follow_up_id>": FollowUp.objects.filter(event__organisation=organisation),
        "photos/<int:photo_id>": ReportPhoto.objects.filter(
            report__event__organisation=organisation
        ),
        "preparation/<int:step_id>": PreparationStep.objects.filter(organisation=organisation),
        "lean/event/<int:pk>": Event.objects.filter(organisation=organisation),
        "lean/project/<int:pk>": Project.objects.filter(organisation=organisation),
        "control-plan/<int:item_id>": ControlPlanItem.objects.filter(organisation=organisation),
        "api-tokens/<int:pk>": ApiToken.objects.filter(organisation=organisation),
        "shared/<int:pk>": SharedItem.objects.filter(organisation=organisation),
        "priorities/<int:pk>": StrategicPriority.objects.filter(organisation=organisation),
        "objectives/<int:pk>": Objective.objects.filter(organisation=organisation),
        "programmes/<int:pk>": ProgrammeTag.objects.filter(organisation=organisation),
        "maturity/<int:pk>": MaturityAssessment.objects.filter(organisation=organisation),
        "packages/<int:pk>": ChangePackage.objects.filter(organisation=organisation),
        "items/<int:pk>": SharedItem.objects.filter(kind=SharedItem.Kind.IDEA),
        "stories/<int:story_id>": Story.objects.filter(
            organisation=organisation, status=Story.Status.APPROVED
        ),
        "events/<int:event_id>": Event.objects.filter(organisation=organisation),
        "compare/<int:pk>": NetworkMeasure.objects.filter(network__organisations=organisation),
        "networks/<int:pk>": Network.objects.filter(organisations=organisation),
        "networks/invitations/<int:pk>": organisation.network_invitations.all(),
        **engagement_records(organisation),
    }


def engagement_records(organisation: Organisation) -> dict[str, QuerySet[Any]]:
    rounds = {"round__organisation": organisation}
    return {
        "versions/<int:pk>": CompactVersion.objects.filter(compact__organisation=organisation),
        "concerns/<int:pk>": Round.objects.filter(organisation=organisation),
        "themes/<int:pk>": Theme.objects.filter(**rounds),
        "engagement/actions/<int:pk>": Action.objects.filter(
            theme__round__organisation=organisation
        ),
        "leadership/<int:user_id>": User.objects.filter(memberships__organisation=organisation),
        "stories/<int:pk>": Story.objects.filter(organisation=organisation),
        "photos/<int:pk>": Photo.objects.filter(story__organisation=organisation),
        "newsletter/<int:pk>": Newsletter.objects.filter(organisation=organisation),
    }


def fill(route: str, sources: dict[str, QuerySet[Any]]) -> str | None:
    """The route with each parameter replaced by a record's id; None when there is none."""
    for key, queryset in sorted(sources.items(), key=lambda item: -len(item[0])):
        if key in route:
            record: Model | None = queryset.order_by("pk").first()
            if record is None:
                return None
            route = route.replace(key, key.split("<")[0] + str(record.pk))
    return None if "<" in route else route


@pytest.mark.django_db
def test_every_page_renders_for_an_admin(client: Client) -> None:
    demo = load_demo(as_of=AS_OF)
    organisation = demo.organisation
    admin = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    assert admin is not None
    client.force_login(admin.user)
    Invitation.objects.create(organisation=organisation, email="new@demo.example")
    sources = records(organisation)
    base = f"/o/{organisation.slug}/"
    routes = list(walk(org_patterns))
    filled = {route: fill(route, sources) for route in routes}
    # Previews that exist only during an upload, and an import's progress page, only its
    # owner's (kaizen/imports/tests/test_bulk_jobs.py renders it).
    assert sorted(route for route, path in filled.items() if path is None) == [
        "imports/<int:pending_id>/import/",
        "imports/long/<int:pending_id>/import/",
        "imports/long/jobs/<int:job_id>/",
    ]
    for route, path in filled.items():
        # The board's PDF takes seconds to draw and has tests of its own.
        if path is not None and not path.endswith(".pdf"):
            status = client.get(base + path).status_code
            # POST-only actions answer a GET with 405; the rest render or redirect.
            assert status in (200, 302, 405), f"{route}: {status}"

"""The weekly newsletter: drafted from the week, edited, published to the web, email and PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.activity.models import NotificationPreference
from kaizen.engagement import services, stories
from kaizen.engagement.models import Newsletter
from kaizen.engagement.newsletter import newsletter_draft, week_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _url(name: str, org: Organisation, **kwargs: object) -> str:
    return reverse(f"engagement:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def week(org: Organisation, staff_user: User, coach_user: User, leader_user: User) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    story = stories.story_submit(
        author=staff_user,
        organisation=org,
        unit=ward,
        title="Red trays",
        body="It worked.",
        kind="improvement",
    )
    stories.story_submit(
        author=staff_user,
        organisation=org,
        unit=ward,
        title="Not yet approved",
        body="Wait.",
        kind="improvement",
    )
    stories.story_approve(actor=coach_user, story=story)
    stories.thanks_send(
        sender=leader_user, organisation=org, colleague=staff_user, message="For the huddle"
    )
    services.visit_log(
        leader=leader_user,
        organisation=org,
        kind="gemba",
        unit=ward,
        visited_on=TODAY,
        learned="Linen runs out",
    )


def test_the_draft_gathers_the_week(org: Organisation, week: None) -> None:
    issue = newsletter_draft(organisation=org, week_start=week_of(TODAY))
    titles = [item["title"] for item in issue.items]
    assert "Red trays" in titles and "Not yet approved" not in titles
    assert issue.items[0]["section"] == "Out and about"
    assert {"Thank you", "Leaders out and about"} <= {item["section"] for item in issue.items}


def test_the_editor_reorders_cuts_introduces_and_publishes_by_email_and_pdf(
    org: Organisation,
    week: None,
    coach_user: User,
    staff_user: User,
    leader_user: User,
    client_for: Callable[[User], Client],
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    NotificationPreference.objects.update_or_create(
        user=leader_user, defaults={"frequency": NotificationPreference.Frequency.NEVER}
    )
    editor = client_for(coach_user)
    editor.post(_url("draft", org))
    issue = Newsletter.objects.get()
    first, second = issue.items[0], issue.items[1]
    editor.post(_url("newsletter_edit", org, pk=issue.pk), {"down": "0"})
    issue.refresh_from_db()
    assert issue.items[:2] == [second, first]
    editor.post(_url("newsletter_edit", org, pk=issue.pk), {"cut": "0"})
    editor.post(_url("newsletter_edit", org, pk=issue.pk), {"intro": "A good week."})
    issue.refresh_from_db()
    assert second not in issue.items and issue.intro == "A good week."
    # Staff do not see a draft.
    assert client_for(staff_user).get(_url("newsletter", org, pk=issue.pk)).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(_url("newsletter_publish", org, pk=issue.pk))
    issue.refresh_from_db()
    assert issue.published_at is not None
    recipients = {address for message in mail.outbox for address in message.to}
    assert staff_user.email in recipients and leader_user.email not in recipients
    message = mail.outbox[0]
    assert "A good week." in message.body
    assert message.alternatives[0][1] == "text/html"  # type: ignore[attr-defined]
    page = client_for(staff_user).get(_url("archive", org)).content.decode()
    assert str(issue) in page
    pdf = client_for(staff_user).get(_url("newsletter_pdf", org, pk=issue.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    response = editor.post(_url("newsletter_edit", org, pk=issue.pk), {"cut": "0"}, follow=True)
    assert "A published newsletter cannot be changed." in response.content.decode()


def test_staff_cannot_draft_or_publish(
    org: Organisation, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(staff_user).post(_url("draft", org)).status_code == 403


def test_another_organisations_newsletter_is_unreachable(
    org: Organisation,
    week: None,
    coach_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    issue = newsletter_draft(organisation=org, week_start=week_of(TODAY))
    Newsletter.objects.filter(pk=issue.pk).update(published_at=timezone.now())
    other = Membership.objects.get(user=outsider).organisation
    for url in (_url("newsletter", other, pk=issue.pk), _url("newsletter_pdf", other, pk=issue.pk)):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(_url("newsletter", org, pk=issue.pk)).status_code == 404


def test_the_draft_celebrates_cycles_closed_abandoned_ones_included(
    org: Organisation, leader_user: User
) -> None:
    from kaizen.projects.models import PDSACycle
    from kaizen.testing import make_cycle, make_idea, make_project

    cycle = make_cycle(make_idea(make_project(org, leader_user), leader_user), leader_user)
    PDSACycle.objects.filter(pk=cycle.pk).update(
        closed_on=TODAY, decision="abandon", learned="Night staff had no time to round."
    )
    issue = newsletter_draft(organisation=org, week_start=week_of(TODAY))
    learned = [item for item in issue.items if item["section"] == "What we learned"]
    assert learned and learned[0]["text"] == "Night staff had no time to round."
    assert "abandoned" in learned[0]["title"]

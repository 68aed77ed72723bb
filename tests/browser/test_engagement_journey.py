"""Engagement in the browser, with axe-core on every page: (a) "you said, we did" with an
anonymous answer, (b) a story with a photo into the published newsletter and its email, (c) a
leader's gemba walk that raises an idea on the unit's huddle board, and a member who follows a
unit from the home page's engagement panel and reads its news first."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Membership, OrgUnit, User
from kaizen.engagement import services
from kaizen.engagement.models import Answer, Photo, Visit
from kaizen.engagement.newsletter import newsletter_draft, newsletter_publish, week_of
from kaizen.ideas.models import Idea
from kaizen.testing import assert_accessible, assert_fits_width

TODAY = timezone.localdate().isoformat()


def test_a_leader_asks_staff_answer_anonymously_and_see_you_said_we_did(
    signed_in_page: Callable[[User], Page], leader_user: User, staff_user: User
) -> None:
    page = signed_in_page(leader_user)
    page.get_by_role("link", name="Engagement").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="You said, we did").click()
    page.get_by_label("Question").fill("What gets in the way of your work?")
    page.get_by_label("Closes on").fill(TODAY)
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What gets in the way of your work?")
    assert_accessible(page)
    round_url = page.url

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page = signed_in_page(staff_user)
    page.goto(round_url)
    page.get_by_label("Your top concern").fill("The hoist on bay 2 is always broken")
    page.get_by_role("button", name="Send my concern").click()
    expect(page.get_by_text("Thank you: your concern is in.")).to_be_visible()
    assert Answer.objects.get().author is None
    assert_accessible(page)

    page.context.clear_cookies()
    page = signed_in_page(leader_user)
    page.goto(round_url)
    page.get_by_label("The hoist on bay 2 is always broken").check()
    page.get_by_label("New theme").fill("Equipment")
    page.get_by_role("button", name="Group into a theme").click()
    page.get_by_label("Our answer (we did)").fill("Two new hoists arrived on Monday.")
    page.get_by_role("button", name="Answer in public").click()
    expect(page.get_by_text("Answered in public.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page = signed_in_page(staff_user)
    page.goto(round_url)
    expect(page.get_by_text("Two new hoists arrived on Monday.")).to_be_visible()
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    assert_accessible(page)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (0, 94, 184)).save(out, format="JPEG")
    return out.getvalue()


def test_a_story_with_a_photo_is_approved_and_goes_out_in_the_newsletter(
    signed_in_page: Callable[[User], Page],
    staff_user: User,
    coach_user: User,
    immediate_tasks: None,
) -> None:
    page = signed_in_page(staff_user)
    page.goto("/o/riverside/engagement/stories/")
    page.get_by_role("link", name="Share a story").click()
    page.get_by_label("Title").fill("Red trays at lunchtime")
    page.get_by_label("The story, in your words").fill("We tried red trays and it worked.")
    page.get_by_label("Photo (optional, JPEG or PNG)").set_input_files(
        {"name": "trays.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    page.get_by_label("Describe the photo (alt text)").fill("Red meal trays on a trolley")
    page.get_by_label("Everyone in the photo agreed to it being shared").check()
    assert_accessible(page)
    page.get_by_role("button", name="Share the story").click()
    expect(page.get_by_role("img", name="Red meal trays on a trolley")).to_be_visible()
    assert Photo.objects.count() == 1
    assert_accessible(page)
    story_url = page.url

    page.context.clear_cookies()
    page = signed_in_page(coach_user)
    page.goto(story_url)
    page.get_by_role("button", name="Approve for everyone").click()
    expect(page.get_by_text("Published for everyone.")).to_be_visible()
    page.goto("/o/riverside/engagement/newsletter/")
    assert_accessible(page)
    page.get_by_role("button", name="Draft this week's newsletter").click()
    expect(page.get_by_text("Red trays at lunchtime")).to_be_visible()
    page.get_by_label("Introduction").fill("A week of small wins.")
    page.get_by_role("button", name="Save the introduction").click()
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Publish and email").click()
    expect(page.get_by_text("Published: it is in the archive")).to_be_visible()
    expect(page.get_by_role("link", name="Red trays at lunchtime")).to_be_visible()
    assert_accessible(page)
    assert {staff_user.email, coach_user.email} <= {m.to[0] for m in mail.outbox}
    assert "Red trays at lunchtime" in mail.outbox[0].body


def test_a_leader_logs_a_gemba_walk_that_raises_an_idea(
    signed_in_page: Callable[[User], Page], leader_user: User, staff_user: User
) -> None:
    ward = OrgUnit.objects.create(
        organisation=Membership.objects.get(user=leader_user).organisation, name="Ward 7"
    )
    page = signed_in_page(leader_user)
    page.goto("/o/riverside/engagement/leadership/")
    assert_accessible(page)
    page.get_by_role("link", name="Log a visit").click()
    page.get_by_label("What you did").select_option(label="Gemba walk")
    page.get_by_label("Where (unit)").select_option(label=str(ward))
    page.get_by_label("With whom").fill("The nurse in charge")
    page.get_by_label("What you learned").fill("Linen runs out every afternoon.")
    page.get_by_label("Idea or action that came of it (optional)").fill(
        "Idea: a second linen delivery at 2pm"
    )
    page.get_by_label("Raise it as an idea on the unit's huddle board").check()
    assert_accessible(page)
    page.get_by_role("button", name="Log the visit").click()
    expect(page.get_by_text("the idea raised on the unit's huddle board")).to_be_visible()
    idea = Idea.objects.get()
    assert Visit.objects.get().idea == idea and idea.unit == ward
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page = signed_in_page(staff_user)
    page.goto("/o/riverside/engagement/leadership/")
    expect(page.get_by_text("Idea: a second linen delivery at 2pm")).to_be_visible()
    expect(page.get_by_role("link", name="Log a visit")).to_have_count(0)
    # The run chart fits a phone: no sideways scrolling at 375 px.
    page.get_by_role("img", name="Run chart of units not visited").wait_for()
    assert_fits_width(page)
    assert_accessible(page)
    page.get_by_role("link", name=f"Idea {idea.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Linen runs out every afternoon.")
    assert_accessible(page)


def test_a_member_follows_a_unit_from_the_home_page_and_reads_its_news_first(
    signed_in_page: Callable[[User], Page], leader_user: User, staff_user: User
) -> None:
    organisation = Membership.objects.get(user=leader_user).organisation
    division = OrgUnit.objects.create(organisation=organisation, name="Medicine")
    ward = OrgUnit.objects.create(organisation=organisation, name="Ward 7", parent=division)
    theatres = OrgUnit.objects.create(organisation=organisation, name="Theatres")
    for unit, learned in ((theatres, "Theatres start late"), (ward, "Linen runs out")):
        services.visit_log(
            leader=leader_user,
            organisation=organisation,
            kind="gemba",
            unit=unit,
            visited_on=timezone.localdate(),
            learned=learned,
        )
    issue = newsletter_draft(organisation=organisation, week_start=week_of(timezone.localdate()))
    newsletter_publish(actor=leader_user, issue=issue)

    page = signed_in_page(staff_user)
    page.set_viewport_size({"width": 375, "height": 800})
    panel = page.locator(".nhsuk-card", has=page.get_by_role("heading", name="Engagement"))
    expect(panel).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("link", name=f"newsletter for the {issue}").click()
    expect(page.get_by_role("heading", name="From what you follow")).to_have_count(0)
    page.get_by_role("link", name="Choose what you follow").click()
    page.get_by_label("Medicine").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save what I follow").click()
    expect(page.get_by_text("the newsletter opens with their news")).to_be_visible()
    page.goto(f"/o/riverside/engagement/newsletter/{issue.pk}/")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[0] == "From what you follow"
    first = page.locator("h2 + ul").first
    expect(first).to_contain_text("Ward 7")
    expect(first).not_to_contain_text("Theatres")
    assert_fits_width(page)
    assert_accessible(page)

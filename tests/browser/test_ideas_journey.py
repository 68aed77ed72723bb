"""Everyday improvement in the browser, every page checked by axe-core: (a) an idea raised on a
phone is answered from the huddle board and the author reads the answer; (b) a Stop-Doing
nomination is decided, its time goes to a project and its hours reach the campaign total and
the impact ledger; (c) an idea becomes a change idea in a project and its author sees the
verdict; (d) an action escalated from a ward's board reaches its owner, who mutes such news."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.ideas import boards, services, stopdoing
from kaizen.projects.models import MeasureLink
from kaizen.testing import assert_accessible, assert_fits_width, make_measure, make_project

PHONE = {"width": 375, "height": 800}


def test_a_phone_idea_is_answered_from_the_huddle_board(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    leader_user: User,
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3")
    page = signed_in_page(staff_user)
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Raise a problem or an idea").first.click()
    assert_accessible(page)
    page.get_by_label("What is the problem?").fill("The hoist battery is flat every morning")
    page.get_by_label("What could we try?").fill("Charge it on the night checklist")
    page.get_by_label("Where").select_option(label="Ward 3")
    page.get_by_role("button", name="Raise the idea").click()
    expect(page.get_by_text("your idea is raised")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page = signed_in_page(leader_user)
    page.goto(f"/o/riverside/ideas/boards/{ward.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="The hoist battery is flat every morning").click()
    page.get_by_label("Status").select_option(label="Under review")
    page.get_by_label("Your answer").fill("We will try it on nights from Monday.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Answered:")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page = signed_in_page(staff_user)
    page.goto("/o/riverside/notifications/")
    expect(page.get_by_role("link", name="Leader answered your idea")).to_contain_text(
        "We will try it on nights from Monday."
    )
    assert_fits_width(page)
    assert_accessible(page)


def test_a_decided_nomination_reaches_the_campaign_total(
    signed_in_page: Callable[[User], Page], org: Organisation, staff_user: User, leader_user: User
) -> None:
    today = timezone.localdate()
    campaign = stopdoing.campaign_open(
        organisation=org,
        by=leader_user,
        values={"title": "Spring", "opens": today, "closes": today},
    )
    page = signed_in_page(staff_user)
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Stop doing").first.click()
    page.get_by_role("link", name="Spring").click()
    page.get_by_label("What is the activity?").fill("Printing the bed state")
    page.get_by_label("Who does it?").fill("Ward clerks")
    page.get_by_label("How many times a week?").fill("21")
    page.get_by_label("Minutes each time").fill("10")
    page.get_by_label("Why does it add no value?").fill("The board shows it live")
    page.get_by_role("button", name="Nominate").click()
    expect(page.get_by_text("Nominated:")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)

    make_project(org, leader_user, title="Fewer falls")
    page.context.clear_cookies()
    page = signed_in_page(leader_user)
    page.goto(campaign.get_absolute_url())
    page.get_by_label("Decision").select_option(label="Stop")
    page.get_by_label("Reason").fill("Agreed at the open meeting")
    page.get_by_label("The project the time goes to").select_option(label="Fewer falls")
    page.get_by_role("button", name="Decide").click()
    expect(page.locator("#campaign-total")).to_contain_text("3.5 a week")
    expect(page.get_by_text("182 hours")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Printing the bed state").click()
    expect(page.get_by_role("link", name="Fewer falls")).to_be_visible()
    assert_accessible(page)
    page.goto("/o/riverside/ideas/overview/")
    expect(page.get_by_role("img", name="XmR chart", exact=False).first).to_be_visible()
    assert_accessible(page)


def test_an_idea_becomes_a_change_idea_and_its_author_sees_the_verdict(
    signed_in_page: Callable[[User], Page], org: Organisation, staff_user: User, leader_user: User
) -> None:
    idea = services.idea_raise(
        organisation=org, by=staff_user, values={"problem": "Falls at night near the toilet"}
    )
    project = make_project(org, leader_user, title="Fewer falls")
    page = signed_in_page(leader_user)
    page.goto(idea.get_absolute_url())
    page.get_by_text("A change idea in a project").click()
    page.get_by_label("Project", exact=True).select_option(label="Fewer falls")
    page.get_by_role("button", name="Add as a change idea").click()
    expect(page.get_by_text("Done: the author is told.")).to_be_visible()
    assert_accessible(page)

    idea.refresh_from_db()
    assert idea.change_idea is not None
    MeasureLink.objects.create(
        project=project,
        idea=idea.change_idea,
        measure=make_measure(org, by=leader_user),
        verdict=MeasureLink.Verdict.AS_PREDICTED,
    )
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page = signed_in_page(staff_user)
    page.goto(idea.get_absolute_url())
    expect(page.get_by_text("Fewer falls")).to_be_visible()
    expect(page.get_by_text("Verdict on")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)


def test_an_action_escalated_from_the_ward_board_reaches_its_owner_who_mutes_such_news(
    signed_in_page: Callable[[User], Page], org: Organisation, staff_user: User, leader_user: User
) -> None:
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3", parent=division)
    boards.action_add(
        unit=ward,
        by=leader_user,
        text="Order new slings",
        owner=staff_user,
        due=timezone.localdate(),
    )
    page = signed_in_page(leader_user)
    page.goto(f"/o/riverside/ideas/boards/{ward.pk}/")
    page.get_by_text("Escalate or hand back an action").click()
    page.get_by_label("Which action").select_option(label="Order new slings")
    page.get_by_label("Move to").select_option(label="Medicine")
    page.get_by_label("Why").fill("Over the ward's spending limit")
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_text("Moved to the other board")).to_be_visible()
    page.goto(f"/o/riverside/ideas/boards/{division.pk}/")
    expect(page.get_by_text("Escalated from Ward 3")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page = signed_in_page(staff_user)
    page.goto("/o/riverside/notifications/")
    expect(page.get_by_role("link", name="escalated from Ward 3 to Medicine")).to_be_visible()
    page.get_by_role("link", name="Choose which kinds of notification you get").click()
    assert_accessible(page)
    page.get_by_label("An idea or action was escalated or handed back").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved which notifications you get.")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)

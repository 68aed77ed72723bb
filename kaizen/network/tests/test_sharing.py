"""Sharing never leaks: a project with a patient partner, private notes and a comment holding
an NHS number, shared publicly, shows none of them in the library page, its search, its JSON
or the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import Comment
from kaizen.api.services import token_create
from kaizen.network.models import Network, SharedItem
from kaizen.network.services import share_project, unshare
from kaizen.testing import make_cycle, make_idea, make_project, make_team_member

pytestmark = pytest.mark.django_db
NHS_NUMBER = "943 476 5919"
PARTNER = "Margaret Okonkwo-Reyes"
PRIVATE_NOTE = "Bay four staffing was awkward on Tuesday"


def _shared_project(org: Organisation, by: User) -> SharedItem:
    project = make_project(org, by, title="Fewer falls at night", problem="Falls at night")
    make_team_member(
        project, by, name=PARTNER, is_patient_partner=True, role="Partner", involvement="co_led"
    )
    idea = make_idea(project, by, title="Intentional rounding")
    cycle = make_cycle(idea, by, learned="Hourly rounding with a chair alarm halved the falls")
    # Written past the forms (which would refuse the number), as an old record might be.
    cycle.observations = PRIVATE_NOTE
    cycle.save()
    Comment.objects.create(
        organisation=org, target=project, author=by, body=f"Patient NHS {NHS_NUMBER}"
    )
    return share_project(project=project, by=by, reach=SharedItem.Reach.PUBLIC)


def test_sharing_publicly_leaks_nothing_private(org: Organisation, staff_user: User) -> None:
    item = _shared_project(org, staff_user)
    public = Client()
    pages = [
        public.get(f"/library/{item.pk}/").content.decode(),
        public.get(f"/library/{item.pk}.json").content.decode(),
        public.get("/library/?q=chair+alarm").content.decode(),
    ]
    assert "Hourly rounding with a chair alarm" in pages[0]
    assert "Fewer falls at night" in pages[2]
    _, secret = token_create(user=staff_user, organisation=org, name="t", scope="read", days=1)
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    pages += [api.get(path).content.decode() for path in ("/api/v1/projects", "/api/v1/cycles")]
    for text in pages:
        for secret_text in (PARTNER, "Margaret", PRIVATE_NOTE, NHS_NUMBER, "9434765919"):
            assert secret_text not in text


def test_a_snapshot_with_patient_data_is_refused_naming_where(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user, title="Sepsis")
    idea = make_idea(project, staff_user)
    cycle = make_cycle(idea, staff_user)
    cycle.learned = f"Worked for NHS {NHS_NUMBER}"
    cycle.save()
    with pytest.raises(ValidationError) as raised:
        share_project(project=project, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    assert "ideas 1 cycles 1 learned" in raised.value.messages[0]
    assert not SharedItem.objects.exists()


def test_the_library_finds_by_a_word_in_the_learning_and_unsharing_takes_it_down(
    org: Organisation, staff_user: User
) -> None:
    item = _shared_project(org, staff_user)
    public = Client()
    assert "Fewer falls at night" in public.get("/library/?q=alarm").content.decode()
    assert "Fewer falls at night" not in public.get("/library/?q=sepsis").content.decode()
    unshare(item=item, by=staff_user)
    assert public.get(f"/library/{item.pk}/").status_code == 404
    assert public.get(f"/library/{item.pk}.json").status_code == 404
    assert "Fewer falls at night" not in public.get("/library/?q=alarm").content.decode()


def test_only_public_items_are_in_the_library(org: Organisation, staff_user: User) -> None:
    project = make_project(org, staff_user, title="Quiet wards")
    item = share_project(project=project, by=staff_user, reach=SharedItem.Reach.INSTALLATION)
    assert Client().get(f"/library/{item.pk}/").status_code == 404
    assert "Quiet wards" not in Client().get("/library/").content.decode()


def test_network_and_installation_items_are_read_only_by_those_they_reach(
    org: Organisation, other_org: Organisation, staff_user: User, outsider: User
) -> None:
    network = Network.objects.create(name="North ICS")
    network.organisations.add(org)
    project = make_project(org, staff_user, title="Quiet wards")
    in_network = share_project(
        project=project, by=staff_user, reach=SharedItem.Reach.NETWORK, network=network
    )
    everyone = share_project(project=project, by=staff_user, reach=SharedItem.Reach.INSTALLATION)
    member, stranger = Client(), Client()
    member.force_login(staff_user)
    stranger.force_login(outsider)
    assert member.get(f"/library/{in_network.pk}/").status_code == 200
    assert stranger.get(f"/library/{in_network.pk}/").status_code == 404
    assert stranger.get(f"/library/{everyone.pk}/").status_code == 200
    assert Client().get(f"/library/{everyone.pk}/").status_code == 404
    assert "Quiet wards" in member.get(f"/library/networks/{network.pk}/").content.decode()
    assert stranger.get(f"/library/networks/{network.pk}/").status_code == 404
    network.organisations.add(other_org)
    assert stranger.get(f"/library/{in_network.pk}/").status_code == 200
    assert stranger.get(f"/library/networks/{network.pk}/").status_code == 200


def test_sharing_needs_a_member_who_runs_projects(
    org: Organisation, other_org: Organisation, staff_user: User, board_user: User, outsider: User
) -> None:
    project = make_project(org, staff_user)
    url = f"/o/{org.slug}/shared/projects/{project.pk}"
    board = Client()
    board.force_login(board_user)
    assert board.post(url, {"reach": "public"}).status_code == 403
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.post(url, {"reach": "public"}).status_code == 404
    staff = Client()
    staff.force_login(staff_user)
    assert staff.get(url).status_code == 200
    response = staff.post(url, {"reach": "public"})
    assert response.status_code == 302
    assert SharedItem.objects.public().count() == 1


def test_the_sign_in_page_links_to_the_open_library(db: None) -> None:
    assert 'href="/library/">Open library</a>' in Client().get("/sign-in/").content.decode()

"""Networks run in Kaizen's own pages: the installation admin creates a network and invites
organisations; an organisation's admins hear of it, accept or decline, and may leave; the
installation admin or a coordinator names coordinators from member organisations. Each step
is audited, and each role can do exactly what it should."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.activity.models import Notification
from kaizen.audit.models import AuditEvent
from kaizen.network import networks
from kaizen.network.comparison import network_measure_create
from kaizen.network.models import Network, NetworkInvitation
from kaizen.testing import PASSWORD, make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root@kaizen.example", PASSWORD)


@pytest.fixture
def network(superuser: User) -> Network:
    return networks.network_save(
        network=Network(),
        by=superuser,
        values={"name": "North ICS", "kind": "ics", "description": "Our system"},
    )


def _invited(network: Network, org: Organisation, by: User) -> NetworkInvitation:
    return networks.invite(network=network, organisation=org, by=by)


def test_the_installation_admin_creates_and_changes_a_network(
    superuser: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(superuser)
    response = client.post(
        "/library/networks/new",
        {"name": "Cancer alliance", "kind": "collaborative", "description": "Faster diagnosis"},
    )
    network = Network.objects.get(name="Cancer alliance")
    assert (
        response.status_code == 302 and response["Location"] == f"/library/networks/{network.pk}/"
    )
    client.post(
        f"/library/networks/{network.pk}/edit",
        {"name": "Cancer alliance", "kind": "region", "description": "Faster diagnosis"},
    )
    network.refresh_from_db()
    assert network.kind == "region"
    events = AuditEvent.objects.filter(target_type="network.network", target_id=str(network.pk))
    assert [e.action for e in events.order_by("pk")] == ["create", "update"]
    assert events.order_by("pk").last().changes == {"kind": ["collaborative", "region"]}  # type: ignore[union-attr]


def test_a_network_form_says_what_to_fix(
    superuser: User, network: Network, client_for: Callable[[User], Client]
) -> None:
    page = client_for(superuser).post(
        "/library/networks/new", {"name": "north ics", "kind": "ics", "description": ""}
    )
    assert "There is already a network of that name" in page.content.decode()
    page = client_for(superuser).post(
        "/library/networks/new",
        {"name": "Ward 9", "kind": "ics", "description": "Patient NHS number 943 476 5919"},
    )
    assert "Remove patient-identifiable details" in page.content.decode()
    assert Network.objects.count() == 1


@pytest.mark.parametrize("role", list(Role))
def test_only_the_installation_admin_creates_networks_and_invites(
    role: Role,
    network: Network,
    other_org: Organisation,
    member_for: Callable[[Role], User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(member_for(role))
    assert client.get("/library/networks/new").status_code == 403
    assert client.get(f"/library/networks/{network.pk}/edit").status_code == 403
    invite = client.post(f"/library/networks/{network.pk}/invite", {"organisation": other_org.pk})
    assert invite.status_code == 403 and not NetworkInvitation.objects.exists()


def test_an_invitation_reaches_the_organisations_admins_who_accept_it(
    superuser: User,
    network: Network,
    org: Organisation,
    admin_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    response = client_for(superuser).post(
        f"/library/networks/{network.pk}/invite", {"organisation": org.pk}
    )
    assert response.status_code == 302
    invitation = NetworkInvitation.objects.get()
    note = Notification.objects.get()
    assert note.recipient == admin_user and note.organisation == org
    assert note.url == f"/o/{org.slug}/shared/networks/"
    page = client_for(admin_user).get(note.url).content.decode()
    assert "North ICS" in page and "Accept" in page
    assert "Accept" not in client_for(staff_user).get(note.url).content.decode()
    url = f"/o/{org.slug}/shared/networks/invitations/{invitation.pk}/accept"
    assert client_for(staff_user).post(url).status_code == 403
    client_for(admin_user).post(url)
    assert list(network.organisations.all()) == [org]
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.answered_by == admin_user
    actions = AuditEvent.objects.filter(organisation=org).values_list("action", flat=True)
    assert sorted(actions) == ["invite", "join"]


def test_a_declined_invitation_leaves_the_organisation_out(
    superuser: User, network: Network, org: Organisation, admin_user: User
) -> None:
    invitation = _invited(network, org, superuser)
    networks.answer(invitation=invitation, by=admin_user, accept=False)
    assert not network.organisations.exists()
    with pytest.raises(ValidationError, match="already been answered"):
        networks.answer(invitation=invitation, by=admin_user, accept=True)
    # Invited again after declining: the old answer does not stand in the way.
    assert _invited(network, org, superuser).status == "pending"


def test_another_organisation_cannot_answer_an_invitation_not_addressed_to_it(
    superuser: User,
    network: Network,
    org: Organisation,
    other_org: Organisation,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    invitation = _invited(network, org, superuser)
    for answer in ("accept", "decline"):
        for slug in (other_org.slug, org.slug):
            url = f"/o/{slug}/shared/networks/invitations/{invitation.pk}/{answer}"
            assert client_for(outsider).post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending" and not network.organisations.exists()


def test_an_organisation_is_not_invited_twice_nor_when_already_a_member(
    superuser: User, network: Network, org: Organisation, admin_user: User
) -> None:
    invitation = _invited(network, org, superuser)
    with pytest.raises(ValidationError, match="already been invited"):
        _invited(network, org, superuser)
    networks.answer(invitation=invitation, by=admin_user, accept=True)
    with pytest.raises(ValidationError, match="already a member"):
        _invited(network, org, superuser)


def test_an_organisation_belongs_to_several_networks_and_leaves_one(
    superuser: User,
    network: Network,
    org: Organisation,
    admin_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    region = networks.network_save(
        network=Network(),
        by=superuser,
        values={"name": "South", "kind": "region", "description": ""},
    )
    for each in (network, region):
        networks.answer(invitation=_invited(each, org, superuser), by=admin_user, accept=True)
    networks.coordinator_add(network=network, user=staff_user, by=superuser)
    shared = network_measure_create(
        network=network, measure=make_measure(org, [1, 2, 3], by=admin_user), by=admin_user
    )
    assert shared.shares.count() == 1
    url = f"/o/{org.slug}/shared/networks/{network.pk}/leave"
    assert client_for(staff_user).post(url).status_code == 403
    client_for(admin_user).post(url)
    assert list(org.networks.all()) == [region]
    # Its people no longer coordinate a network their organisation left.
    assert not network.coordinators.exists()
    # Its measures' live values no longer reach the network's comparisons.
    assert not shared.shares.exists()
    left = AuditEvent.objects.get(organisation=org, action="delete", target_type="network.network")
    assert "left the network" in left.summary


def test_coordinators_come_from_member_organisations_and_are_named_by_those_who_run_it(
    superuser: User,
    network: Network,
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    networks.answer(invitation=_invited(network, org, superuser), by=admin_user, accept=True)
    url = f"/library/networks/{network.pk}/coordinators"
    # A member who does not coordinate cannot name anyone, not even an organisation admin.
    assert client_for(admin_user).post(url, {"person": admin_user.pk}).status_code == 403
    client_for(superuser).post(url, {"person": staff_user.pk})
    assert list(network.coordinators.all()) == [staff_user]
    # A coordinator names another; someone from outside the network cannot be named.
    client_for(staff_user).post(url, {"person": outsider.pk})
    assert outsider not in network.coordinators.all()
    client_for(staff_user).post(url, {"person": admin_user.pk})
    assert set(network.coordinators.all()) == {staff_user, admin_user}
    with pytest.raises(ValidationError, match="member organisations"):
        networks.coordinator_add(network=network, user=outsider, by=superuser)
    remove = f"/library/networks/{network.pk}/coordinators/{admin_user.pk}/remove"
    client_for(staff_user).post(remove)
    assert list(network.coordinators.all()) == [staff_user]
    summaries = AuditEvent.objects.filter(target_type="network.network").values_list(
        "summary", flat=True
    )
    assert sum("coordinator" in s or "coordinates" in s for s in summaries) == 3


def test_the_network_page_shows_invitations_only_to_those_who_run_it(
    superuser: User,
    network: Network,
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    networks.answer(invitation=_invited(network, org, superuser), by=admin_user, accept=True)
    _invited(network, other_org, superuser)
    networks.coordinator_add(network=network, user=staff_user, by=superuser)
    page = f"/library/networks/{network.pk}/"
    for runner in (superuser, staff_user):
        text = client_for(runner).get(page).content.decode()
        assert "Invitations waiting for an answer" in text and "Hillside Hospital" in text
    member = client_for(admin_user).get(page).content.decode()
    assert "Riverside NHS Trust" in member and "Hillside Hospital" not in member
    # An invited organisation is not a member yet: its people cannot read the network's page.
    assert client_for(outsider).get(page).status_code == 404
    assert "Invite" in client_for(superuser).get(page).content.decode()
    assert 'action="/library/networks/' + str(network.pk) + '/invite"' not in (
        client_for(staff_user).get(page).content.decode()
    )


def test_the_networks_list_shows_each_reader_their_own(
    superuser: User,
    network: Network,
    org: Organisation,
    admin_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    networks.answer(invitation=_invited(network, org, superuser), by=admin_user, accept=True)
    assert "North ICS" in client_for(admin_user).get("/library/networks/").content.decode()
    assert "North ICS" not in client_for(outsider).get("/library/networks/").content.decode()
    everything = client_for(superuser).get("/library/networks/").content.decode()
    assert "North ICS" in everything and "Create a network" in everything
    assert Client().get("/library/networks/").status_code == 302


@pytest.mark.parametrize("role", list(Role))
def test_only_an_organisation_admin_answers_for_it_or_takes_it_out(
    role: Role,
    superuser: User,
    network: Network,
    org: Organisation,
    member_for: Callable[[Role], User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(member_for(role))
    invitation = _invited(network, org, superuser)
    may = role == Role.ADMIN
    accepted = client.post(f"/o/{org.slug}/shared/networks/invitations/{invitation.pk}/accept")
    assert accepted.status_code == (302 if may else 403)
    assert network.organisations.filter(pk=org.pk).exists() == may
    if not may:
        networks.answer(invitation=invitation, by=superuser, accept=True)
    left = client.post(f"/o/{org.slug}/shared/networks/{network.pk}/leave")
    assert left.status_code == (302 if may else 403)
    assert network.organisations.filter(pk=org.pk).exists() == (not may)
    # Everyone in the organisation may read its networks and invitations.
    assert client.get(f"/o/{org.slug}/shared/networks/").status_code == 200


def test_a_coordinator_names_people_of_their_own_organisation_only(
    superuser: User,
    network: Network,
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    outsider.full_name = "Olu Hillside"
    outsider.save()
    for member, admin in ((org, admin_user), (other_org, outsider)):
        networks.answer(invitation=_invited(network, member, superuser), by=admin, accept=True)
    networks.coordinator_add(network=network, user=staff_user, by=superuser)
    page = client_for(staff_user).get(f"/library/networks/{network.pk}/").content.decode()
    # Another organisation's staff list stays closed to a coordinator...
    assert str(outsider) not in page and str(admin_user) in page
    url = f"/library/networks/{network.pk}/coordinators"
    client_for(staff_user).post(url, {"person": outsider.pk})
    assert outsider not in network.coordinators.all()
    # ...but not to the installation admin, who names anyone of a member organisation.
    assert (
        str(outsider)
        in client_for(superuser).get(f"/library/networks/{network.pk}/").content.decode()
    )
    client_for(superuser).post(url, {"person": outsider.pk})
    assert outsider in network.coordinators.all()

"""Names in shared learning: staff only with their consent (given and withdrawn on their own
page or at the review step), patient partners never; withdrawing consent takes the name out of
everything already shared, at once, and changes nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.network.models import NamedPerson, NamingConsent, SharedItem
from kaizen.network.naming import consent_give, consent_withdraw
from kaizen.network.services import share_idea, share_project
from kaizen.projects.models import Project
from kaizen.testing import make_idea, make_project, make_team_member

pytestmark = pytest.mark.django_db


def _name(user: User, full_name: str) -> User:
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def people(staff_user: User, coach_user: User, patient_user: User) -> dict[str, User]:
    return {
        "lead": _name(staff_user, "Priya Raman"),
        "coach": _name(coach_user, "Tomasz Nowicki"),
        "partner": _name(patient_user, "Edith Carmichael"),
    }


def _project(org: Organisation, people: dict[str, User]) -> Project:
    project = make_project(org, people["lead"], title="Fewer falls at night")
    make_team_member(project, people["lead"], user=people["coach"], role="QI coach")
    make_team_member(
        project,
        people["lead"],
        user=people["partner"],
        role="Partner",
        is_patient_partner=True,
        involvement="co_led",
    )
    make_team_member(project, people["lead"], name="Gwen Ashdown", role="Night sister")
    return project


def _page(item: SharedItem) -> str:
    return Client().get(f"/library/{item.pk}/").content.decode()


def test_staff_are_named_only_with_consent_and_patient_partners_never(
    org: Organisation, people: dict[str, User]
) -> None:
    consent_give(user=people["coach"], organisation=org)
    # Recorded past the service, which refuses it: a partner's say does not change the rule.
    NamingConsent.objects.create(user=people["partner"], organisation=org, given_at=timezone.now())
    item = share_project(
        project=_project(org, people), by=people["lead"], reach=SharedItem.Reach.PUBLIC
    )
    page = _page(item)
    assert "QI coach: Tomasz Nowicki" in page
    assert "Project lead" in page and "Priya Raman" not in page
    assert "Patient partner" in page and "Edith" not in page
    # Without an account there is no way to consent: the team's role for them stands alone.
    assert "Night sister" in page and "Gwen Ashdown" not in page
    assert "user" not in str(item.snapshot["people"])
    assert list(item.named.values_list("user__full_name", flat=True)) == ["Tomasz Nowicki"]


def test_a_patient_partner_cannot_agree_to_be_named(org: Organisation, patient_user: User) -> None:
    with pytest.raises(Exception, match="never names patient partners"):
        consent_give(user=patient_user, organisation=org)
    assert not NamingConsent.objects.exists()


def test_withdrawing_consent_takes_the_name_out_of_everything_shared(
    org: Organisation, people: dict[str, User]
) -> None:
    coach = people["coach"]
    consent_give(user=coach, organisation=org)
    project = _project(org, people)
    public = share_project(project=project, by=people["lead"], reach=SharedItem.Reach.PUBLIC)
    idea = make_idea(project, people["lead"], title="Intentional rounding")
    signed_in = share_idea(idea=idea, by=people["lead"], reach=SharedItem.Reach.INSTALLATION)
    assert "Tomasz" in Client().get("/library/?q=Nowicki").content.decode() + _page(public)
    before = {item.pk: item.published_at for item in (public, signed_in)}

    assert consent_withdraw(user=coach, organisation=org) == 2

    for item in SharedItem.objects.filter(pk__in=before):
        assert "Nowicki" not in str(item.snapshot) and "Nowicki" not in item.search_text
        assert {"part": "QI coach", "name": ""} in item.snapshot["people"]
        # Redacted where it stands: the same item, the same date, the owner's other words.
        assert item.published_at == before[item.pk] and item.unshared_at is None
    assert "Nowicki" not in _page(public)
    assert "Nowicki" not in Client().get(f"/library/{public.pk}.json").content.decode()
    assert "Fewer falls" not in Client().get("/library/?q=Nowicki").content.decode()
    assert not NamedPerson.objects.exists()
    # Later shares leave them unnamed.
    again = share_project(project=project, by=people["lead"], reach=SharedItem.Reach.PUBLIC)
    assert "Nowicki" not in str(again.snapshot)


def test_a_member_chooses_on_their_own_page(
    org: Organisation, people: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    coach = people["coach"]
    url = f"/o/{org.slug}/shared/naming"
    client = client_for(coach)
    assert "Name me in what our organisation shares" in client.get(url).content.decode()
    client.post(url, {"name_me": "on"})
    item = share_project(
        project=_project(org, people), by=people["lead"], reach=SharedItem.Reach.PUBLIC
    )
    assert "Fewer falls at night" in client.get(url).content.decode()
    response = client.post(url, {}, follow=True)
    assert "taken out of 1 shared item." in response.content.decode()
    assert not NamingConsent.objects.filter(user=coach).exists()
    assert "Nowicki" not in _page(item)


def test_a_patient_partner_is_offered_no_choice(
    org: Organisation, people: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(people["partner"])
    url = f"/o/{org.slug}/shared/naming"
    page = client.get(url).content.decode()
    assert "never named" in page and 'name="name_me"' not in page
    client.post(url, {"name_me": "on"})
    assert not NamingConsent.objects.exists()


def test_the_person_sharing_chooses_at_the_review_step(
    org: Organisation, people: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    lead = people["lead"]
    project = _project(org, people)
    url = f"/o/{org.slug}/shared/projects/{project.pk}"
    client = client_for(lead)
    assert 'name="name_me"' in client.get(url).content.decode()
    client.post(url, {"reach": "installation", "name_me": "on"})
    first = SharedItem.objects.get(reach="installation")
    assert {"part": "Project lead", "name": "Priya Raman"} in first.snapshot["people"]
    # Unticked at the next share: withdrawn, and the first item redacted too.
    client.post(url, {"reach": "public"})
    first.refresh_from_db()
    assert "Priya" not in str(first.snapshot)
    assert "Priya" not in str(SharedItem.objects.get(reach="public").snapshot)
    partner_page = client_for(people["partner"]).get(url).content.decode()
    assert 'name="name_me"' not in partner_page


def test_another_organisation_cannot_reach_the_page(
    org: Organisation, outsider: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(outsider).get(f"/o/{org.slug}/shared/naming").status_code == 404

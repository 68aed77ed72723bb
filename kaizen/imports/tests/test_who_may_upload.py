"""An upload for one measure is open only to those who may enter its figures."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.testing import make_measure, make_member

ClientFor = Callable[[User], Client]


def test_only_the_owner_and_the_data_entry_group_upload_to_a_measure(
    org: Organisation, coach_user: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, [1, 2, 3], by=coach_user)
    url = reverse(
        "imports:import_upload_measure", kwargs={"org": org.slug, "measure_id": measure.pk}
    )
    nurse = make_member(org, Role.STAFF, "nurse@riverside.example")
    assert client_for(nurse).get(url).status_code == 403
    measure.data_entry.add(nurse)
    assert client_for(nurse).get(url).status_code == 200
    assert client_for(coach_user).get(url).status_code == 200


def test_the_upload_comes_first_and_the_help_is_folded(
    org: Organisation, coach_user: User, client_for: ClientFor
) -> None:
    html = (
        client_for(coach_user)
        .get(reverse("imports:import_upload", kwargs={"org": org.slug}))
        .content
    )
    page = html.decode()
    assert page.index('type="file"') < page.index("What the file must contain")
    assert '<details class="nhsuk-details' in page
    assert page.index("<details") < page.index("<h2>What the file must contain</h2>")

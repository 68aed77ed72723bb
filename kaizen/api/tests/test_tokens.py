"""Tokens: stored hashed, refused once revoked or expired, read-only when created so, and
never stronger than their holder's role now."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.api.endpoints import api
from kaizen.api.models import ApiToken, hash_secret
from kaizen.api.services import token_create, token_revoke

pytestmark = pytest.mark.django_db
# The `bearer` fixture (conftest.py): a client sending a new token of a member.
Bearer = Callable[..., Client]


def _client(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_only_a_hash_of_the_secret_is_stored(org: Organisation, staff_user: User) -> None:
    token, secret = token_create(
        user=staff_user, organisation=org, name="Job", scope="read", days=5
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.hashed == hash_secret(secret)
    assert secret not in {stored.hashed, stored.hint, stored.name}


def test_a_missing_unknown_revoked_or_expired_token_is_401(
    org: Organisation, staff_user: User
) -> None:
    token, secret = token_create(
        user=staff_user, organisation=org, name="Job", scope="read", days=5
    )
    assert _client(secret).get("/api/v1/measures").status_code == 200
    assert Client().get("/api/v1/measures").status_code == 401
    assert _client("kz_not-a-token").get("/api/v1/measures").status_code == 401
    token_revoke(token=token, by=staff_user)
    assert _client(secret).get("/api/v1/measures").status_code == 401
    token2, secret2 = token_create(
        user=staff_user, organisation=org, name="Job", scope="read", days=5
    )
    ApiToken.objects.filter(pk=token2.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert _client(secret2).get("/api/v1/measures").status_code == 401


def test_a_token_of_someone_who_left_is_401(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    client = bearer(staff_user, org)
    Membership.objects.filter(user=staff_user, organisation=org).delete()
    assert client.get("/api/v1/measures").status_code == 401


def test_a_read_token_cannot_write(org: Organisation, staff_user: User, bearer: Bearer) -> None:
    response = bearer(staff_user, org).post(
        "/api/v1/datapoints", {"points": []}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read only"}


def test_a_write_token_follows_its_holders_role_now(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    client = bearer(staff_user, org, scope="write")
    Membership.objects.filter(user=staff_user).update(role=Role.BOARD)
    response = client.post("/api/v1/datapoints", {"points": []}, content_type="application/json")
    assert response.status_code == 403


def test_a_role_that_cannot_enter_data_cannot_have_a_write_token(
    org: Organisation, board_user: User
) -> None:
    with pytest.raises(ValidationError):
        token_create(user=board_user, organisation=org, name="Job", scope="write", days=5)
    assert not ApiToken.objects.exists()


def test_the_tokens_page_shows_a_new_secret_once_and_revokes(
    org: Organisation, staff_user: User, client_for: object
) -> None:
    client = client_for(staff_user)  # type: ignore[operator]
    response = client.post(
        f"/o/{org.slug}/api-tokens/", {"name": "Warehouse", "scope": "write", "days": "30"}
    )
    token = ApiToken.objects.get()
    assert response.status_code == 200
    match = re.search(r'id="new-token">([^<]+)<', response.content.decode())
    assert match is not None
    secret = match[1]
    assert secret.startswith(token.hint) and hash_secret(secret) == token.hashed
    assert secret not in client.get(f"/o/{org.slug}/api-tokens/").content.decode()
    client.post(f"/o/{org.slug}/api-tokens/{token.pk}/revoke")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_another_members_token_cannot_be_revoked(
    org: Organisation, staff_user: User, admin_user: User, client_for: object
) -> None:
    token, _ = token_create(user=staff_user, organisation=org, name="Job", scope="read", days=5)
    response = client_for(admin_user).post(f"/o/{org.slug}/api-tokens/{token.pk}/revoke")  # type: ignore[operator]
    assert response.status_code == 404


def test_a_token_name_with_patient_data_is_refused(org: Organisation, staff_user: User) -> None:
    with pytest.raises(ValidationError):
        token_create(
            user=staff_user, organisation=org, name="For 943 476 5919", scope="read", days=5
        )


def test_requests_beyond_the_rate_limit_get_429(
    org: Organisation, staff_user: User, bearer: Bearer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = bearer(staff_user, org)
    assert isinstance(api.throttle, list)
    monkeypatch.setattr(api.throttle[0], "num_requests", 3)
    codes = [client.get("/api/v1/measures").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]

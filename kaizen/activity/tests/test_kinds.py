"""Each person chooses which kinds of notification they hear of: a muted kind reaches neither
their inbox nor their email; every other kind still does."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity import services
from kaizen.activity.models import Notification, NotificationPreference

ClientFor = Callable[[User], Client]
URL = "/o/riverside/notifications/settings/"


def tell(org: Organisation, user: User, kind: str) -> list[Notification]:
    return services.notify(
        organisation=org, target=org, kind=kind, text="Something", url="", recipients=[user]
    )


def test_a_muted_kind_is_not_delivered_and_the_others_are(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    page = client.get(URL).content.decode()
    assert 'value="stalled" checked' in page
    everything_but_stalled = [k for k in Notification.Kind.values if k != "stalled"]
    saved = client.post(URL, {"heard": everything_but_stalled})
    assert saved["Location"] == "/o/riverside/notifications/"
    assert NotificationPreference.objects.get(user=staff_user).muted_kinds == ["stalled"]
    assert tell(org, staff_user, Notification.Kind.STALLED) == []
    assert len(tell(org, staff_user, Notification.Kind.ACTION)) == 1
    assert 'value="stalled" checked' not in client.get(URL).content.decode()


def test_someone_with_no_preference_yet_hears_every_kind(
    org: Organisation, staff_user: User
) -> None:
    assert len(tell(org, staff_user, Notification.Kind.STALLED)) == 1
    assert NotificationPreference.objects.get(user=staff_user).muted_kinds == []


def test_a_kind_is_muted_only_for_whoever_muted_it(
    org: Organisation, staff_user: User, leader_user: User
) -> None:
    services.kinds_heard(user=staff_user, heard=[])
    notes = services.notify(
        organisation=org,
        target=org,
        kind=Notification.Kind.ESCALATED,
        text="Moved",
        url="",
        recipients=[staff_user, leader_user],
    )
    assert [note.recipient for note in notes] == [leader_user]

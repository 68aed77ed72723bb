"""Stories and thank-yous: photos cleaned, consent and alt text required, approval."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.engagement.models import Photo, Story, Thanks
from kaizen.privacy.images import MAX_BYTES

pytestmark = pytest.mark.django_db


def _url(name: str, org: Organisation, **kwargs: object) -> str:
    return reverse(f"engagement:{name}", kwargs={"org": org.slug, **kwargs})


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (0, 94, 184))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS info
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _story(**extra: object) -> dict[str, object]:
    return {"title": "Red trays", "body": "We tried red trays.", "kind": "improvement", **extra}


def test_a_photo_is_re_encoded_without_exif_or_gps(
    org: Organisation, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert b"PhoneMaker" in jpeg_with_gps()
    response = client_for(staff_user).post(
        _url("story_new", org),
        _story(photo=upload, alt_text="Red trays on a trolley", consent="on"),
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    stored = bytes(photo.image)
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    served = client_for(staff_user).get(_url("photo", org, pk=photo.pk))
    assert served["Content-Type"] == "image/jpeg" and served.content == stored


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"photo": b"not an image", "alt_text": "x", "consent": "on"}, "not an image"),
        ({"photo": "big", "alt_text": "x", "consent": "on"}, "too large"),
        ({"photo": "ok", "alt_text": "", "consent": "on"}, "alt text"),
        ({"photo": "ok", "alt_text": "Trays"}, "agreed"),
    ],
)
def test_bad_photos_are_refused_with_a_clear_message(
    extra: dict[str, object],
    message: str,
    org: Organisation,
    staff_user: User,
    client_for: Callable[[User], Client],
    settings: object,
) -> None:
    content = {"ok": jpeg_with_gps(), "big": b"\xff\xd8" + b"0" * (MAX_BYTES + 1)}.get(
        str(extra["photo"]), extra["photo"]
    )
    extra = extra | {"photo": SimpleUploadedFile("p.jpg", content)}  # type: ignore[arg-type]
    page = client_for(staff_user).post(_url("story_new", org), _story(**extra)).content.decode()
    assert message in page and not Story.objects.exists()


def test_a_story_shows_in_its_unit_until_a_coach_approves_it(
    org: Organisation,
    staff_user: User,
    coach_user: User,
    leader_user: User,
    client_for: Callable[[User], Client],
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    Membership.objects.filter(user=staff_user).update(unit=ward)
    client_for(staff_user).post(_url("story_new", org), _story())
    story = Story.objects.get()
    assert story.unit == ward and story.status == Story.Status.SUBMITTED
    assert client_for(leader_user).get(_url("story", org, pk=story.pk)).status_code == 404
    assert client_for(staff_user).post(_url("story_approve", org, pk=story.pk)).status_code == 403
    client_for(coach_user).post(_url("story_approve", org, pk=story.pk))
    assert client_for(leader_user).get(_url("story", org, pk=story.pk)).status_code == 200


def test_thanking_a_colleague_notifies_them(
    org: Organisation, staff_user: User, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    client_for(leader_user).post(
        _url("stories", org), {"colleague": staff_user.pk, "message": "For the falls huddle"}
    )
    assert Thanks.objects.get().colleague == staff_user
    assert staff_user.notifications.filter(text__contains="falls huddle").exists()
    page = client_for(leader_user).post(_url("stories", org), {"message": "x"}).content.decode()
    assert "Thank either a colleague or a team." in page


def test_another_organisations_stories_and_photos_are_unreachable(
    org: Organisation, staff_user: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps())
    client_for(staff_user).post(
        _url("story_new", org), _story(photo=upload, alt_text="a", consent="on")
    )
    story, photo = Story.objects.get(), Photo.objects.get()
    other = Membership.objects.get(user=outsider).organisation
    for url in (
        _url("story", other, pk=story.pk),
        _url("photo", other, pk=photo.pk),
        _url("story", org, pk=story.pk),
    ):
        assert client_for(outsider).get(url).status_code == 404

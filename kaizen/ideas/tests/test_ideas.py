"""Ideas: raised by any member (screened, photos stripped of metadata), answered by those who
decide (author and supporters told, no silent overwrite), turned into action; other
organisations' ideas are 404."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import Notification
from kaizen.changes import StaleEdit
from kaizen.ideas import services
from kaizen.ideas.models import Idea, IdeaStatus
from kaizen.testing import make_project

ClientFor = Callable[[User], Client]
URL = "/o/riverside/ideas/"


def status(org: Organisation, kind: str) -> IdeaStatus:
    services.install_defaults(organisation=org)
    return IdeaStatus.objects.get(organisation=org, kind=kind)


def raise_idea(org: Organisation, by: User, **values: object) -> Idea:
    return services.idea_raise(
        organisation=org, by=by, values={"problem": "The hoist is flat", **values}
    )


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "white")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_staff_member_raises_an_idea_with_a_photo_stripped_of_its_location(
    staff_user: User, client_for: ClientFor, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    photo = SimpleUploadedFile("ward.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client_for(staff_user).post(
        URL + "new/", {"problem": "The hoist battery is flat", "photo": photo}
    )
    idea = Idea.objects.get()
    assert response["Location"] == idea.get_absolute_url()
    assert (idea.author, idea.status.kind) == (staff_user, IdeaStatus.Kind.NEW)
    with Image.open(idea.photo.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_kept(
    staff_user: User, client_for: ClientFor
) -> None:
    photo = SimpleUploadedFile("ward.jpg", b"not an image", content_type="image/jpeg")
    response = client_for(staff_user).post(URL + "new/", {"problem": "Flat", "photo": photo})
    assert b"not a photo we can read" in response.content
    assert not Idea.objects.exists()


def test_a_photo_over_the_size_limit_is_refused_and_nothing_kept(
    staff_user: User, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 1 MB limit and a 2 MB photo stand for the 10 MB limit and a larger photo.
    monkeypatch.setattr("kaizen.ideas.photos.MAX_BYTES", 1024 * 1024)
    big = jpeg_with_gps() + bytes(2 * 1024 * 1024)  # decodable, with trailing padding
    photo = SimpleUploadedFile("ward.jpg", big, content_type="image/jpeg")
    response = client_for(staff_user).post(URL + "new/", {"problem": "Flat", "photo": photo})
    assert b"The photo is larger than 1 MB; choose a smaller one." in response.content
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("problem", "message"),
    [("", b"Say what the problem is"), ("Patient John Smith fell", b"patient")],
)
def test_an_empty_or_identifying_problem_is_refused(
    staff_user: User, client_for: ClientFor, problem: str, message: bytes
) -> None:
    response = client_for(staff_user).post(URL + "new/", {"problem": problem})
    assert response.status_code == 200
    assert message in response.content
    assert not Idea.objects.exists()


def test_an_answer_notifies_the_author_and_supporters_but_not_the_answerer(
    org: Organisation,
    staff_user: User,
    patient_user: User,
    leader_user: User,
    client_for: ClientFor,
) -> None:
    idea = raise_idea(org, staff_user)
    client_for(patient_user).post(f"{URL}{idea.pk}/support/")
    review = status(org, IdeaStatus.Kind.UNDER_REVIEW)
    response = client_for(leader_user).post(
        f"{URL}{idea.pk}/", {"status": review.pk, "text": "At Thursday's huddle", "version": 1}
    )
    assert response.status_code == 302
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {staff_user.email, patient_user.email}
    idea.refresh_from_db()
    assert idea.first_answered_at is not None and idea.closed_at is None
    page = client_for(staff_user).get("/o/riverside/notifications/")
    assert b"At Thursday" in page.content


def test_two_answers_on_the_same_version_do_not_overwrite_each_other(
    org: Organisation, staff_user: User, leader_user: User, coach_user: User
) -> None:
    idea = raise_idea(org, staff_user)
    review = status(org, IdeaStatus.Kind.UNDER_REVIEW)
    services.idea_answer(idea=idea, by=leader_user, version=1, status=review, text="Looking")
    stale = Idea.objects.get(pk=idea.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        services.idea_answer(idea=stale, by=coach_user, version=1, status=review, text="Me")
    assert Idea.objects.get().answers.count() == 1


def test_staff_cannot_answer_and_another_organisation_sees_nothing(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    idea = raise_idea(org, staff_user)
    review = status(org, IdeaStatus.Kind.UNDER_REVIEW)
    staff = client_for(staff_user)
    response = staff.post(f"{URL}{idea.pk}/", {"status": review.pk, "text": "x", "version": 1})
    assert response.status_code == 403
    assert client_for(outsider).get(f"{URL}{idea.pk}/").status_code == 404
    assert client_for(outsider).get(f"/o/hillside/ideas/{idea.pk}/").status_code == 404


def test_a_duplicate_names_its_original_and_its_supporters_move_over(
    org: Organisation, staff_user: User, patient_user: User, leader_user: User
) -> None:
    original, copy = raise_idea(org, leader_user), raise_idea(org, staff_user)
    services.idea_support(idea=copy, by=patient_user)
    duplicate = status(org, IdeaStatus.Kind.DUPLICATE)
    with pytest.raises(ValidationError):
        services.idea_answer(idea=copy, by=leader_user, version=1, status=duplicate, text="Dup")
    services.idea_answer(
        idea=copy, by=leader_user, version=1, status=duplicate, text="Dup", duplicate_of=original
    )
    assert set(original.supporters.all()) == {patient_user, staff_user}
    assert Idea.objects.get(pk=copy.pk).closed_at is not None


def test_the_author_cannot_reword_an_answered_idea(
    org: Organisation, staff_user: User, leader_user: User
) -> None:
    idea = raise_idea(org, staff_user)
    services.idea_edit(idea=idea, by=staff_user, problem="Flatter", proposal="")
    services.idea_answer(
        idea=idea, by=leader_user, version=1, status=status(org, "testing"), text="Trying it"
    )
    with pytest.raises(ValidationError, match="answered"):
        services.idea_edit(idea=idea, by=staff_user, problem="Other", proposal="")


def test_an_idea_becomes_a_change_idea_and_its_author_follows_the_project(
    org: Organisation, staff_user: User, leader_user: User, client_for: ClientFor
) -> None:
    idea = raise_idea(org, staff_user)
    project = make_project(org, leader_user)
    response = client_for(leader_user).post(
        f"{URL}{idea.pk}/change-idea/", {"change-project": project.pk}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.change_idea is not None and idea.change_idea.raised_ideas.get() == idea
    assert staff_user in project.default_followers() or _follows(staff_user, project)
    page = client_for(staff_user).get(idea.get_absolute_url())
    assert project.title.encode() in page.content


def _follows(user: User, project: object) -> bool:
    from kaizen.activity.services import is_following

    return is_following(user, project)  # type: ignore[arg-type]


def test_an_idea_becomes_a_new_project_or_a_quick_fix(
    org: Organisation, staff_user: User, leader_user: User
) -> None:
    idea = raise_idea(org, staff_user)
    project = services.idea_to_project(idea=idea, by=leader_user, title="")
    assert project.raised_ideas.get() == idea
    with pytest.raises(ValidationError):
        services.idea_quick_fix(idea=idea, by=leader_user, who=staff_user, due=dt.date(2000, 1, 1))
    services.idea_quick_fix(idea=idea, by=leader_user, who=staff_user, due=timezone.localdate())
    assert idea.quick_fix_by == staff_user


def test_the_home_page_links_ideas_boards_and_stop_doing_for_every_member(
    patient_user: User, client_for: ClientFor
) -> None:
    page = client_for(patient_user).get("/o/riverside/").content
    for text in (b"Ideas", b"Huddle boards", b"Stop doing"):
        assert text in page


def test_the_home_page_shows_a_members_ideas_and_a_decider_what_is_stalled(
    org: Organisation, staff_user: User, leader_user: User, client_for: ClientFor
) -> None:
    idea = raise_idea(org, staff_user)
    Idea.objects.filter(pk=idea.pk).update(raised_at=timezone.now() - dt.timedelta(days=9))
    staff_home = client_for(staff_user).get("/o/riverside/").content.decode()
    assert "Your latest ideas" in staff_home and "not answered yet" in staff_home
    assert "stalled in" not in staff_home
    leader_home = client_for(leader_user).get("/o/riverside/").content.decode()
    assert "1 item stalled in the organisation" in leader_home


def test_only_the_author_rewords_an_idea_on_its_page_until_it_is_answered(
    org: Organisation, staff_user: User, patient_user: User, client_for: ClientFor
) -> None:
    idea = raise_idea(org, staff_user)
    url = f"{URL}{idea.pk}/edit/"
    assert b"Change the words" in client_for(staff_user).get(idea.get_absolute_url()).content
    refused = client_for(patient_user).post(url, {"problem": "Mine now"})
    assert b"Only the idea" in refused.content
    client_for(staff_user).post(url, {"problem": "The hoist is flat at 07:00"})
    assert Idea.objects.get().problem == "The hoist is flat at 07:00"

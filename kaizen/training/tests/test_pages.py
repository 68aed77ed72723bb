"""Training's pages: members read and book, coaches manage, another organisation's records
are 404, and certificates are PDFs for their owner."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.training import services
from kaizen.training.models import Booking, Course, TrainingRecord
from kaizen.training.tests.helpers import make_course, make_session

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]


def test_a_member_books_from_the_session_page(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    session = make_session(make_course(org), by=coach_user, capacity=1)
    client = client_for(staff_user)
    page = client.get(f"/o/{org.slug}/training/sessions/{session.pk}/")
    assert "Book a place" in page.content.decode()
    response = client.post(f"/o/{org.slug}/training/sessions/{session.pk}/book/", follow=True)
    assert "You have a place" in response.content.decode()
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_staff_cannot_add_courses_but_coaches_can(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    services.tiers_install_defaults(organisation=org)
    tier = org.tiers.get(rank=1)
    data = {"title": "Induction", "tier": tier.pk, "duration_hours": "2"}
    url = f"/o/{org.slug}/training/courses/new/"
    assert client_for(staff_user).post(url, data).status_code == 403
    assert client_for(coach_user).post(url, data).status_code == 302
    assert Course.objects.get().title == "Induction"


def test_another_organisations_records_are_404(
    org: Organisation,
    other_org: Organisation,
    coach_user: User,
    outsider: User,
    client_for: Clients,
) -> None:
    session = make_session(make_course(org), by=coach_user)
    client = client_for(outsider)
    for path in (
        f"/o/{other_org.slug}/training/sessions/{session.pk}/",
        f"/o/{other_org.slug}/training/courses/{session.course.pk}/",
    ):
        assert client.get(path).status_code == 404
    assert (
        client.post(f"/o/{other_org.slug}/training/sessions/{session.pk}/book/").status_code == 404
    )


def test_a_certificate_is_a_pdf_for_its_owner_only(
    org: Organisation, staff_user: User, patient_user: User, client_for: Clients
) -> None:
    services.tiers_install_defaults(organisation=org)
    record = TrainingRecord.objects.create(
        organisation=org,
        person=staff_user,
        tier=org.tiers.get(rank=1),
        title="Induction",
        completed_on="2024-01-02",
    )
    url = f"/o/{org.slug}/training/records/{record.pk}/certificate.pdf"
    response = client_for(staff_user).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(patient_user).get(url).status_code == 403


def test_a_bad_import_shows_every_row(
    org: Organisation, admin_user: User, client_for: Clients
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.tiers_install_defaults(organisation=org)
    upload = SimpleUploadedFile(
        "past.csv",
        b"email,tier,title,completed_on,provider\nnobody@x.example,Foundation,T,2024-01-01,\n",
    )
    response = client_for(admin_user).post(
        f"/o/{org.slug}/training/records/import/", {"file": upload}
    )
    assert response.status_code == 400
    assert "Row 2" in response.content.decode()


def test_dosage_and_demand_pages_render(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    session = make_session(make_course(org), by=coach_user, capacity=1)
    services.book(session=session, person=staff_user, by=staff_user)
    client = client_for(staff_user)
    assert "QI dosage" in client.get(f"/o/{org.slug}/training/dosage/").content.decode()
    page = client.get(f"/o/{org.slug}/training/demand/").content.decode()
    assert "Places offered" in page and "<svg" in page and "style=" not in page

"""Training pages: courses and their sessions, places and waiting lists, attendance, past
training, one's own record and certificates. Every member reads and books for themselves;
coaches and admins manage courses; leaders nominate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.changes import save_form
from kaizen.training import certificates, services
from kaizen.training.csv_import import import_records
from kaizen.training.forms import (
    CancelSessionForm,
    CourseForm,
    ImportForm,
    NominateForm,
    RecordForm,
    SessionForm,
)
from kaizen.training.models import Booking, Course, Session, TrainingRecord
from kaizen.web import add_errors, form_error_text, post_action


def _course(request: OrgRequest, pk: int) -> Course:
    return get_object_or_404(Course, pk=pk, organisation=request.organisation)


def _session(request: OrgRequest, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("course__tier", "facilitator"),
        pk=pk,
        course__organisation=request.organisation,
    )


def _booking(request: OrgRequest, pk: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("session__course__organisation"),
        pk=pk,
        session__course__organisation=request.organisation,
    )
    # One's own place, or any place for those who manage training.
    if booking.person_id != request.user.pk and not request.membership.can(
        Capability.MANAGE_TRAINING
    ):
        raise PermissionDenied("This is someone else's place.")
    return booking


def _session_url(request: OrgRequest, pk: int) -> str:
    return reverse("training:session", kwargs={"org": request.organisation.slug, "pk": pk})


@org_member_required(Capability.VIEW)
def overview(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    upcoming = (
        Session.objects.filter(
            course__organisation=organisation,
            starts_at__gte=timezone.now(),
            cancelled_at__isnull=True,
        )
        .select_related("course__tier")
        .order_by("starts_at")[:20]
    )
    context = {
        "courses": organisation.courses.select_related("tier"),
        "upcoming": upcoming,
        "tier": services.person_tier(organisation=organisation, person=request.user),
        "can_manage": request.membership.can(Capability.MANAGE_TRAINING),
    }
    return render(request, "training/overview.jinja", context)


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def course_new(request: OrgRequest) -> HttpResponse:
    return _course_form(request, None)


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def course_edit(request: OrgRequest, pk: int) -> HttpResponse:
    return _course_form(request, _course(request, pk))


def _course_form(request: OrgRequest, course: Course | None) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=course, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        saved = save_form(actor=request.user, organisation=request.organisation, form=form)
        messages.success(request, f"{'Saved' if course else 'Added'} the course “{saved}”.")
        return redirect("training:course", request.organisation.slug, saved.pk)
    return render(request, "training/course_form.jinja", {"form": form, "course": course})


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def course(request: OrgRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    can_manage = request.membership.can(Capability.MANAGE_TRAINING)
    form = SessionForm(request.POST or None, course=course)
    if request.method == "POST":
        # Reading is for every member; adding a session needs the capability.
        if not can_manage:
            raise PermissionDenied("Your role cannot add sessions")
        if form.is_valid():
            try:
                session = services.session_save(session=form.instance, by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Added the session on {session.starts_at:%-d %b %Y}.")
                return redirect("training:course", request.organisation.slug, course.pk)
    context = {
        "course": course,
        "sessions": course.sessions.select_related("facilitator"),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "training/course.jinja", context)


@org_member_required(Capability.VIEW)
def session(request: OrgRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    bookings = list(session.bookings.select_related("person").exclude(status="cancelled"))
    context: dict[str, Any] = {
        "session": session,
        "mine": next((b for b in bookings if b.person_id == request.user.pk), None),
        "booked": [b for b in bookings if b.status == Booking.Status.BOOKED],
        "queue": [b for b in bookings if b.status != Booking.Status.BOOKED],
        "can_manage": request.membership.can(Capability.MANAGE_TRAINING),
        "can_nominate": request.membership.can(Capability.NOMINATE),
        "nominate_form": NominateForm(organisation=request.organisation),
        "cancel_form": CancelSessionForm(organisation=request.organisation),
        "attendance_choices": Booking.Attendance.choices,
        "started": session.starts_at <= timezone.now(),
        "open": session.starts_at > timezone.now() and not session.cancelled_at,
    }
    return render(request, "training/session.jinja", context)


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def session_edit(request: OrgRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionForm(request.POST or None, instance=session, course=session.course)
    if request.method == "POST" and form.is_valid():
        try:
            # The service tells everyone listed when the time or place moves.
            services.session_save(session=form.instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the session.")
            return redirect(_session_url(request, pk))
    return render(request, "training/session_form.jinja", {"form": form, "session": session})


@org_member_required(Capability.MANAGE_TRAINING)
@require_POST
def session_cancel(request: OrgRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = CancelSessionForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(_session_url(request, pk))
    reason = form.cleaned_data["reason"]
    return post_action(
        request,
        _session_url(request, pk),
        lambda: services.session_cancel(session=session, by=request.user, reason=reason),
        "Cancelled the session; everyone booked or waiting has been told.",
    )


@org_member_required(Capability.VIEW)
@require_POST
def book(request: OrgRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)

    def done() -> str:
        mine = session.bookings.exclude(status="cancelled").get(person=request.user)
        if mine.status == Booking.Status.BOOKED:
            return "You have a place on this session."
        return "The session is full: you are on its waiting list and will be told if a place frees."

    return post_action(
        request,
        _session_url(request, pk),
        lambda: services.book(session=session, person=request.user, by=request.user),
        done,
    )


@org_member_required(Capability.NOMINATE)
@require_POST
def nominate(request: OrgRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = NominateForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        messages.error(request, "Choose a member of the organisation to nominate.")
        return redirect(_session_url(request, pk))
    person = form.cleaned_data["person"]
    return post_action(
        request,
        _session_url(request, pk),
        lambda: services.book(session=session, person=person, by=request.user),
        f"Nominated {person} for this session.",
    )


@org_member_required(Capability.VIEW)
@require_POST
def cancel(request: OrgRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    return post_action(
        request,
        _session_url(request, booking.session_id),
        lambda: services.cancel(booking=booking, by=request.user),
        "Cancelled the place.",
    )


@org_member_required(Capability.VIEW)
@require_POST
def accept(request: OrgRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    if booking.person_id != request.user.pk:
        raise PermissionDenied("Only the person offered a place can accept it.")
    return post_action(
        request,
        _session_url(request, booking.session_id),
        lambda: services.accept(booking=booking, by=request.user),
        "You have accepted the place.",
    )


@org_member_required(Capability.MANAGE_TRAINING)
@require_POST
def attendance(request: OrgRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    marks = {
        int(key.removeprefix("mark-")): str(value)
        for key, value in request.POST.items()
        if key.startswith("mark-") and key.removeprefix("mark-").isdigit() and value
    }
    return post_action(
        request,
        _session_url(request, pk),
        lambda: services.mark_attendance(session=session, marks=marks, by=request.user),
        "Saved the attendance.",
    )


@org_member_required(Capability.MANAGE_TRAINING)
@require_http_methods(["GET", "POST"])
def records(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    form = RecordForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_add(record=form.instance, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Recorded the training.")
            return redirect("training:records", organisation.slug)
    context = {
        "form": form,
        "import_form": ImportForm(),
        "records": TrainingRecord.objects.filter(organisation=organisation).select_related(
            "person", "tier"
        )[:50],
    }
    return render(request, "training/records.jinja", context)


@org_member_required(Capability.MANAGE_TRAINING)
@require_POST
def import_csv(request: OrgRequest) -> HttpResponse:
    return csv_upload(
        request,
        importer=import_records,
        back=("training:records", "Back to past training"),
        done="Imported {count} training records.",
    )


def csv_upload(
    request: OrgRequest,
    *,
    importer: Callable[..., int],
    back: tuple[str, str],
    done: str,
) -> HttpResponse:
    """Read an uploaded CSV file and hand it to ``importer``; a refused file shows every bad
    row on a page of its own, and nothing is stored."""
    back_url = reverse(back[0], kwargs={"org": request.organisation.slug})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file to import.")
        return redirect(back_url)
    try:
        text = form.cleaned_data["file"].read().decode("utf-8-sig")
    except UnicodeDecodeError:
        messages.error(request, "The file is not a CSV file saved as UTF-8 text.")
        return redirect(back_url)
    try:
        count = importer(organisation=request.organisation, text=text, by=request.user)
    except ValidationError as error:
        context = {"errors": error.messages, "back_url": back_url, "back_text": back[1]}
        return render(request, "training/import_errors.jinja", context, status=400)
    messages.success(request, done.format(count=count))
    return redirect(back_url)


@org_member_required(Capability.VIEW)
def mine(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    context = {
        "tier": services.person_tier(organisation=organisation, person=request.user),
        "records": TrainingRecord.objects.filter(
            organisation=organisation, person=request.user
        ).select_related("tier"),
        "bookings": Booking.objects.filter(
            person=request.user, session__course__organisation=organisation
        )
        .exclude(status="cancelled")
        .select_related("session__course"),
    }
    return render(request, "training/mine.jinja", context)


@org_member_required(Capability.VIEW)
def certificate(request: OrgRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        TrainingRecord.objects.select_related("person", "tier"),
        pk=pk,
        organisation=request.organisation,
    )
    if record.person_id != request.user.pk and not request.membership.can(
        Capability.MANAGE_TRAINING
    ):
        raise PermissionDenied("This is someone else's certificate.")
    response = HttpResponse(certificates.pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{record.pk}.pdf"'
    return response

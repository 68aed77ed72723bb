"""Training's writes: courses' sessions, places and waiting lists, attendance and records.

Every function validates first and writes in one transaction, so bad input stores nothing.
A place is taken with the session's row locked (select_for_update): two people taking the last
place at once are served one after the other, and the second joins the waiting list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity.services import notify, record_event
from kaizen.audit.models import AuditEvent
from kaizen.training.models import DEFAULT_TIERS, Booking, Session, Tier, TrainingRecord

# How long the first in line has to accept a freed place before it passes on.
OFFER_HOURS = 48
HOLDING = (Booking.Status.BOOKED, Booking.Status.OFFERED)


def tiers_install_defaults(*, organisation: Organisation) -> None:
    """The usual tiers, from induction to board and patient partners (idempotent)."""
    if organisation.tiers.exists():
        return
    Tier.objects.bulk_create(
        Tier(organisation=organisation, name=name, rank=rank, default_target_percent=target)
        for rank, (name, target) in enumerate(DEFAULT_TIERS, start=1)
    )


def session_url(session: Session) -> str:
    org = session.course.organisation.slug
    return reverse("training:session", kwargs={"org": org, "pk": session.pk})


# Sessions -------------------------------------------------------------------------------------


def session_save(*, session: Session, by: User, now: dt.datetime | None = None) -> Session:
    """Create or change a session, refusing one in the past, one that ends before it starts,
    capacity below the places already taken, and a facilitator in two places at once."""
    now = now or timezone.now()
    if session.cancelled_at:
        raise ValidationError("This session is cancelled; add a new session instead.")
    errors: dict[str, str] = {}
    if session.starts_at < now:
        errors["starts_at"] = "The session starts in the past; choose a later date and time."
    if session.ends_at <= session.starts_at:
        errors["ends_at"] = "The session must end after it starts."
    if session.pk:
        taken = session.bookings.filter(status__in=HOLDING).count()
        if session.capacity < taken:
            errors["capacity"] = (
                f"{taken} places are already taken; the capacity cannot be below that."
            )
    if session.facilitator_id and _facilitator_clash(session):
        errors["facilitator"] = (
            f"{session.facilitator} is already facilitating another session at that time."
        )
    if errors:
        raise ValidationError(errors)
    created = session.pk is None
    moved = not created and _moved(session)
    with transaction.atomic():
        session.save()
        if moved:
            _tell_everyone_listed(
                session,
                kind="training_session_changed",
                text=f"{session} has changed: now {_when_and_where(session)}.",
            )
        record_event(
            actor=by,
            organisation=session.course.organisation,
            target=session,
            text=f"{'added' if created else 'changed'} a session of {session.course}",
            url=session_url(session),
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        )
    return session


def _moved(session: Session) -> bool:
    """Whether the session's time or place differs from what the people booked were told."""
    before = Session.objects.values("starts_at", "ends_at", "place", "online").get(pk=session.pk)
    return any(getattr(session, field) != value for field, value in before.items())


def _when_and_where(session: Session) -> str:
    starts = timezone.localtime(session.starts_at)
    where = "online" if session.online else f"at {session.place}"
    return f"{starts:%-d %b %Y, %H:%M}, {where}"


def _tell_everyone_listed(session: Session, *, kind: str, text: str) -> None:
    """Notify everyone with a place, an offer or a place in the queue for ``session``."""
    listed = User.objects.filter(
        training_bookings__session=session,
        training_bookings__status__in=[*HOLDING, Booking.Status.WAITING],
    )
    notify(
        organisation=session.course.organisation,
        target=session,
        kind=kind,
        text=text,
        url=session_url(session),
        recipients=listed,
    )


def session_cancel(
    *, session: Session, by: User, reason: str = "", now: dt.datetime | None = None
) -> Session:
    """Call a session off: everyone booked, offered a place or waiting is told, and their
    places are cancelled (the session stays, marked, so the notice's link still works)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.cancelled_at:
            raise ValidationError("This session is already cancelled.")
        if locked.starts_at <= now:
            raise ValidationError("This session has started; it can no longer be cancelled.")
        session.cancelled_at, session.cancel_reason = now, reason
        session.save(update_fields=["cancelled_at", "cancel_reason"])
        _tell_everyone_listed(
            session,
            kind="training_session_cancelled",
            text=f"{session} is cancelled"
            + (f": {reason}" if reason else ".")
            + " Your place or waiting-list position has been released.",
        )
        session.bookings.exclude(status=Booking.Status.CANCELLED).update(
            status=Booking.Status.CANCELLED, offer_expires_at=None
        )
        record_event(
            actor=by,
            organisation=session.course.organisation,
            target=session,
            text=f"cancelled {session}",
            url=session_url(session),
            action=AuditEvent.Action.UPDATE,
        )
    return session


def _facilitator_clash(session: Session) -> bool:
    return (
        Session.objects.filter(
            facilitator_id=session.facilitator_id,
            cancelled_at__isnull=True,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(pk=session.pk)
        .exists()
    )


# Places and waiting lists ----------------------------------------------------------------------


def book(*, session: Session, person: User, by: User, now: dt.datetime | None = None) -> Booking:
    """A place for ``person`` (booked by themselves or nominated by ``by``), or a place in the
    waiting list when the session is full."""
    now = now or timezone.now()
    if session.starts_at < now:
        raise ValidationError("This session has already started; choose a later one.")
    prerequisite = session.course.prerequisite
    if (
        prerequisite
        and not TrainingRecord.objects.filter(person=person, course=prerequisite).exists()
    ):
        raise ValidationError(
            f"{person} needs to complete “{prerequisite}” before booking this course."
        )
    with transaction.atomic():
        # The lock serialises everyone booking this session: the count below cannot go stale.
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.cancelled_at:
            raise ValidationError("This session is cancelled; choose another session.")
        if locked.bookings.filter(person=person).exclude(status=Booking.Status.CANCELLED).exists():
            raise ValidationError(f"{person} already has a place or is waiting for one.")
        taken = locked.bookings.filter(status__in=HOLDING).count()
        status = Booking.Status.BOOKED if taken < locked.capacity else Booking.Status.WAITING
        booking = Booking.objects.create(
            session=locked,
            person=person,
            status=status,
            waited=status == Booking.Status.WAITING,
            nominated_by=by if by != person else None,
            created_at=now,
        )
        what = "booked" if status == Booking.Status.BOOKED else "joined the waiting list for"
        record_event(
            actor=by,
            organisation=session.course.organisation,
            target=booking,
            text=f"{what} {session}" + (f" for {person}" if by != person else ""),
            url=session_url(session),
            action=AuditEvent.Action.CREATE,
        )
    return booking


def cancel(*, booking: Booking, by: User, now: dt.datetime | None = None) -> Booking:
    """Give up a place (or a waiting-list position); a freed place is offered to the next."""
    now = now or timezone.now()
    with transaction.atomic():
        Session.objects.select_for_update().get(pk=booking.session_id)
        booking.refresh_from_db()
        if booking.status == Booking.Status.CANCELLED:
            raise ValidationError("This booking is already cancelled.")
        freed = booking.holds_place
        _settle(booking, Booking.Status.CANCELLED, by=by, text="cancelled a place on")
        if freed:
            offer_next(session=booking.session, now=now)
    return booking


def offer_next(*, session: Session, now: dt.datetime) -> Booking | None:
    """Offer a free place to the first in line, who has OFFER_HOURS to accept. Call with the
    session locked."""
    if session.starts_at < now or session.cancelled_at:
        return None
    if session.bookings.filter(status__in=HOLDING).count() >= session.capacity:
        return None
    first = session.bookings.filter(status=Booking.Status.WAITING).first()
    if first is None:
        return None
    expires = min(now + dt.timedelta(hours=OFFER_HOURS), session.starts_at)
    first.status = Booking.Status.OFFERED
    first.offer_expires_at = expires
    first.save(update_fields=["status", "offer_expires_at"])
    notify(
        organisation=session.course.organisation,
        target=first,
        kind="training_offer",
        text=f"A place is free on {session}: accept it by {expires:%-d %b %H:%M}.",
        url=session_url(session),
        recipients=[first.person],
    )
    transaction.on_commit(partial(_schedule_expiry, first.pk, expires))
    return first


def _schedule_expiry(booking_id: int, at: dt.datetime) -> None:
    from kaizen.training.tasks import expire_offer

    # A backend that cannot wait (the immediate one in tests) leaves it to the hourly sweep.
    if expire_offer.get_backend().supports_defer:
        expire_offer.using(run_after=at).enqueue(booking_id=booking_id)


def accept(*, booking: Booking, by: User, now: dt.datetime | None = None) -> Booking:
    now = now or timezone.now()
    with transaction.atomic():
        Session.objects.select_for_update().get(pk=booking.session_id)
        booking.refresh_from_db()
        if booking.status != Booking.Status.OFFERED:
            raise ValidationError("There is no place on offer to accept.")
        if booking.offer_expires_at and booking.offer_expires_at < now:
            raise ValidationError("The time to accept this place has passed.")
        _settle(booking, Booking.Status.BOOKED, by=by, text="accepted a freed place on")
    return booking


def _settle(booking: Booking, status: str, *, by: User, text: str) -> None:
    """Close an offer one way or the other and say so. Call with the session locked."""
    booking.status = status
    booking.offer_expires_at = None
    booking.save(update_fields=["status", "offer_expires_at"])
    record_event(
        actor=by,
        organisation=booking.session.course.organisation,
        target=booking,
        text=f"{text} {booking.session}",
        url=session_url(booking.session),
    )


def expire(*, booking_id: int, now: dt.datetime | None = None) -> bool:
    """Pass an unaccepted offer on once its time is up (run by the task queue)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_related("session__course__organisation").get(pk=booking_id)
        Session.objects.select_for_update().get(pk=booking.session_id)
        booking.refresh_from_db()
        if booking.status != Booking.Status.OFFERED or (
            booking.offer_expires_at and booking.offer_expires_at > now
        ):
            return False
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        offer_next(session=booking.session, now=now)
    return True


def expire_due(*, now: dt.datetime | None = None) -> int:
    """Pass on every offer whose time is up: the hourly sweep behind the deferred tasks."""
    now = now or timezone.now()
    due = Booking.objects.filter(status=Booking.Status.OFFERED, offer_expires_at__lte=now)
    return sum(expire(booking_id=pk, now=now) for pk in due.values_list("pk", flat=True))


# Attendance and records ------------------------------------------------------------------------


def mark_attendance(
    *,
    session: Session,
    marks: Mapping[int, str],
    by: User,
    now: dt.datetime | None = None,
) -> int:
    """Mark who came; each person present is recorded as trained at the course's tier."""
    now = now or timezone.now()
    if session.starts_at > now:
        raise ValidationError("Attendance is marked once the session has started.")
    allowed = set(Booking.Attendance.values)
    bookings = {b.pk: b for b in session.bookings.filter(status=Booking.Status.BOOKED)}
    if unknown := [pk for pk, mark in marks.items() if pk not in bookings or mark not in allowed]:
        raise ValidationError(f"Unknown places or marks: {unknown}.")
    course = session.course
    with transaction.atomic():
        for pk, mark in marks.items():
            booking = bookings[pk]
            booking.attendance = mark
            booking.save(update_fields=["attendance"])
            record = TrainingRecord.objects.filter(person=booking.person, course=course)
            if mark == Booking.Attendance.PRESENT and not record.exists():
                TrainingRecord.objects.create(
                    organisation=course.organisation,
                    person=booking.person,
                    tier=course.tier,
                    course=course,
                    title=course.title,
                    completed_on=timezone.localdate(session.starts_at),
                    provider=course.organisation.name,
                )
        record_event(
            actor=by,
            organisation=course.organisation,
            target=session,
            text=f"marked attendance at {session}",
            url=session_url(session),
        )
    return len(marks)


def record_add(*, record: TrainingRecord, by: User) -> TrainingRecord:
    """Training done elsewhere (an IHI Open School certificate, another trust's course)."""
    if record.completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date completed cannot be in the future."})
    with transaction.atomic():
        record.save()
        record_event(
            actor=by,
            organisation=record.organisation,
            target=record,
            text=f"recorded {record.title} for {record.person}",
            action=AuditEvent.Action.CREATE,
        )
    return record


def person_tier(*, organisation: Organisation, person: User) -> Tier | None:
    """The deepest tier ``person`` is trained at in ``organisation``."""
    rank = TrainingRecord.objects.filter(organisation=organisation, person=person).aggregate(
        rank=Max("tier__rank")
    )["rank"]
    return organisation.tiers.filter(rank=rank).first() if rank else None

"""Capability building: tiers, courses, sessions, places on them, and who is trained at what."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kaizen.accounts.models import Organisation, OrgUnit, User

DEFAULT_TIERS = [
    ("Awareness and induction", 100),
    ("Foundation", 20),
    ("Practitioner", 5),
    ("Advanced and expert", 1),
    ("Leaders", 0),
    ("Board", 0),
    ("Patient partners", 0),
]


class Tier(models.Model):
    """A level of improvement capability; ``rank`` orders them (higher is deeper)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField()
    # The share of every unit's staff the organisation aims to train at this tier or deeper.
    default_target_percent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint("organisation", "rank", name="unique_tier_rank"),
        ]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="courses")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=200)
    teaches = models.TextField("What it teaches", blank=True)
    audience = models.CharField("Who it is for", max_length=200, blank=True)
    duration_hours = models.DecimalField(max_digits=5, decimal_places=1, default=1)
    prerequisite = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["tier__rank", "title"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField("Place or online link", max_length=200)
    online = models.BooleanField(default=False)
    facilitator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    capacity = models.PositiveIntegerField()
    # A cancelled session stays, with its places cancelled, so the people told can see why.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField("Why it is cancelled", max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%-d %b %Y}"

    @property
    def hours(self) -> float:
        """How long the session releases each person who attends it from the day job."""
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class Booking(models.Model):
    """A person's place on a session, or their place in its waiting list."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        OFFERED = "offered", "Offered a freed place"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        UNMARKED = "", "Not marked"
        PRESENT = "present", "Present"
        ABSENT = "absent", "Absent"
        LATE_CANCEL = "late_cancel", "Cancelled late"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_bookings")
    status = models.CharField(max_length=10, choices=Status.choices)
    attendance = models.CharField(max_length=12, choices=Attendance.choices, blank=True)
    nominated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    # Joined the waiting list rather than finding a place: demand beyond capacity.
    waited = models.BooleanField(default=False)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One live place or queue position per person and session: booking twice is refused
            # by the service and, under a race, by the database.
            models.UniqueConstraint(
                "session",
                "person",
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.session} ({self.get_status_display()})"

    @property
    def holds_place(self) -> bool:
        return self.status in (self.Status.BOOKED, self.Status.OFFERED)


class TrainingRecord(models.Model):
    """A person trained at a tier: by attending a course here, or elsewhere (entered or
    imported)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_records"
    )
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_records")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="records")
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=200)
    completed_on = models.DateField()
    provider = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        # Covers the dosage page's one grouped query (first day per person and tier).
        indexes = [models.Index(fields=["organisation", "person", "tier", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}"


class DosageTarget(models.Model):
    """A unit's own target share of its staff trained at a tier (else the tier's default)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="dosage_targets")
    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="+")
    target_percent = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint("unit", "tier", name="one_target_per_unit_tier")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.target_percent} % at {self.tier}"


class Headcount(models.Model):
    """A unit's staff in post, when the organisation's members are not all its staff."""

    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="headcount")
    staff = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.unit}: {self.staff} staff"

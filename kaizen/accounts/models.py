"""People, organisations, their hierarchy and value streams, and who may do what where."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from kaizen.accounts.roles import Capability, Role, role_can

# A repeated group containing a repeat: the shape of catastrophic backtracking.
NESTED_REPEAT = re.compile(r"\([^)]*[+*}][^)]*\)\s*[+*{]")


def validate_pattern(pattern: str) -> None:
    """A hospital-number pattern must compile and must not match nothing at all (which would
    refuse every text)."""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValidationError(f"This is not a valid regular expression: {error}.") from error
    if compiled.fullmatch(""):
        raise ValidationError("The pattern matches empty text; make it match a hospital number.")
    if NESTED_REPEAT.search(pattern):
        # (a+)+ can take exponential time on a near-miss, and every text is screened with it.
        raise ValidationError(
            "Do not repeat a group that itself repeats, like (A+)+; write RX[0-9]{7} instead."
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their email address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def membership_in(self, organisation: Organisation) -> Membership | None:
        return self.memberships.filter(organisation=organisation).first()


DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
# Addresses at these domains belong to people of many organisations (NHSmail is every NHS
# organisation's), so an address there says nothing about which one a person works for.
SHARED_DOMAINS = frozenset(
    {
        "nhs.net",
        "nhs.uk",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "btinternet.com",
        "aol.com",
        "protonmail.com",
    }
)
# The roles people may join with by their email domain alone: never an admin's.
JOIN_ROLES = [(role.value, role.label) for role in Role if role != Role.ADMIN]


def email_domains(text: str) -> list[str]:
    """The domains in ``text`` (separated by commas or spaces), lower case, without an "@"."""
    return [d.strip().lstrip("@").lower() for d in re.split(r"[,\s]+", text) if d.strip()]


def validate_domains(text: str) -> None:
    for domain in email_domains(text):
        if not DOMAIN.match(domain):
            raise ValidationError(f"“{domain}” is not an email domain, like kestrelvale.nhs.uk.")
        if domain in SHARED_DOMAINS:
            raise ValidationError(
                f"“{domain}” is shared by people of many organisations, so it cannot say who "
                "works here. Name your organisation's own domain, like kestrelvale.nhs.uk."
            )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRUST = "trust", "NHS trust"
        HOSPITAL = "hospital", "Hospital"
        NETWORK = "network", "Network"
        OTHER = "other", "Other provider"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRUST)
    # How this organisation's hospital (medical record) numbers look, so free text carrying one
    # is refused, e.g. "RX[0-9]{7}". Empty when not configured.
    hospital_number_pattern = models.CharField(
        max_length=200, blank=True, validators=[validate_pattern]
    )
    require_admin_second_factor = models.BooleanField(
        "Require admins to use a second factor", default=False
    )
    # Just-in-time membership: a person signing in by single sign-on with a verified address at
    # one of these domains joins with sso_role (or keeps the role they already have).
    sso_domains = models.CharField(
        "Email domains whose people join by single sign-on",
        max_length=500,
        blank=True,
        validators=[validate_domains],
    )
    sso_role = models.CharField(
        "Role they join with", max_length=20, choices=JOIN_ROLES, default=Role.STAFF
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def for_organisation(self, organisation: Organisation) -> OrgUnitQuerySet:
        return self.filter(organisation=organisation)


class OrgUnit(models.Model):
    """A node of an organisation's hierarchy: division, directorate, department, ward or team."""

    class Kind(models.TextChoices):
        DIVISION = "division", "Division"
        DIRECTORATE = "directorate", "Directorate"
        DEPARTMENT = "department", "Department"
        WARD = "ward", "Ward"
        TEAM = "team", "Team"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEAM)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "unit"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", "parent", Lower("name"), name="unique_unit_name_per_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def path(self) -> list[OrgUnit]:
        """This unit and its ancestors, root first."""
        chain: list[OrgUnit] = []
        node: OrgUnit | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def subtree_ids(self) -> set[int]:
        """Ids of this unit and every unit below it (one query for the organisation's units)."""
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id in OrgUnit.objects.filter(
            organisation_id=self.organisation_id
        ).values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(unit_id)
        found, stack = set(), [self.pk]
        while stack:
            unit_id = stack.pop()
            found.add(unit_id)
            stack.extend(children.get(unit_id, []))
        return found


class ValueStream(models.Model):
    """A patient pathway or service flow improved end to end (e.g. 'Emergency care')."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="value_streams"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organisation", "name", name="unique_value_stream_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in an organisation: their role decides what they may do there."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint("user", "organisation", name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    def can(self, capability: Capability) -> bool:
        return role_can(Role(self.role), capability)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An email address asked to join an organisation with a role. The emailed link is signed
    and expires (see kaizen.accounts.services); accepting or revoking it makes it unusable."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class SignInThrottle(models.Model):
    """Sign-in attempts counted against one key (an account, an address, or both) until
    ``window_end`` (Unix time). A row per key, updated in place so that claims are atomic."""

    key = models.CharField(max_length=200, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_end = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.key

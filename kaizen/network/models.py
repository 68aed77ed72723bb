"""Networks of organisations, and the learning their members share at a chosen reach.

What is shared is a snapshot the owner reviewed, never the live record: later edits reach
readers only when the owner publishes again, and unsharing takes the snapshot down everywhere.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from kaizen.accounts.models import Organisation


class Network(models.Model):
    """An integrated care system, a region, a collaborative: created by an installation admin
    (kaizen/network/networks.py), joined by the organisations that accept its invitation, with
    coordinators from them."""

    class Kind(models.TextChoices):
        ICS = "ics", "An integrated care system"
        REGION = "region", "A region"
        COLLABORATIVE = "collaborative", "A collaborative"
        NATIONAL = "national", "A national programme"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COLLABORATIVE)
    description = models.TextField(blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="networks")
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_networks"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkInvitation(models.Model):
    """An organisation asked to join a network; its admins accept or decline. An organisation
    joins only by its own answer, so none is put into a network (and its sharing choices) by
    someone outside it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_invitations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} invited to {self.network}"


class SharedItemQuerySet(models.QuerySet["SharedItem"]):
    def live(self) -> SharedItemQuerySet:
        return self.filter(unshared_at__isnull=True)

    def public(self) -> SharedItemQuerySet:
        return self.live().filter(reach=SharedItem.Reach.PUBLIC)

    def readable_by(self, user: Any) -> SharedItemQuerySet:
        """Public items for anyone; for someone signed in, also what was shared with everyone
        signed in and with the networks their organisations belong to."""
        if not getattr(user, "is_authenticated", False):
            return self.public()
        networks = Network.objects.filter(organisations__memberships__user=user)
        return self.live().filter(
            models.Q(reach=SharedItem.Reach.PUBLIC)
            | models.Q(reach=SharedItem.Reach.INSTALLATION)
            | models.Q(reach=SharedItem.Reach.NETWORK, network__in=networks)
        )


class ChangePackageQuerySet(models.QuerySet["ChangePackage"]):
    def readable_by(self, organisation: Organisation) -> ChangePackageQuerySet:
        """Packages of the organisation's networks, those for everyone, and its own."""
        return self.filter(
            models.Q(network__in=organisation.networks.all())
            | models.Q(network__isnull=True)
            | models.Q(organisation=organisation)
        ).distinct()


class SharedItem(models.Model):
    class Reach(models.TextChoices):
        NETWORK = "network", "A network"
        INSTALLATION = "installation", "Everyone signed in to Kaizen"
        PUBLIC = "public", "The public open library"

    class Kind(models.TextChoices):
        PROJECT = "project", "A project"
        IDEA = "idea", "A change idea with its PDSA ramp"
        CYCLE = "cycle", "A closed cycle's learning"
        STORY = "story", "An improvement story"
        EVENT = "event", "A kaizen event's or RPIW's report"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shared_items"
    )
    # The live record it came from; the snapshot outlives it.
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_items",
    )
    # A change idea or a cycle may be shared alone, without the rest of its project.
    idea = models.ForeignKey(
        "projects.ChangeIdea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_items",
    )
    cycle = models.ForeignKey(
        "projects.PDSACycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_items",
    )
    story = models.ForeignKey(
        "engagement.Story",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_items",
    )
    # A kaizen event or RPIW, shared as its report (kaizen/network/report_snapshots.py).
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_items",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    reach = models.CharField(max_length=20, choices=Reach.choices)
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    snapshot = models.JSONField(default=dict)
    # Every word of the snapshot, for search.
    search_text = models.TextField(blank=True)
    # On PostgreSQL, the title and the words above as a stored, GIN-indexed tsvector
    # (kaizen/network/search.py); a query then reads the index and ranks the matches without
    # parsing their text again. SQLite leaves it empty: its search reads search_text.
    search_vector = SearchVectorField(null=True, editable=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    unshared_at = models.DateTimeField(null=True, blank=True)

    objects = SharedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["reach", "unshared_at", "-published_at"]),
            # The newest live items first, read in order: the library's search takes its
            # candidates from here (kaizen/network/search.py). "unshared_at IS NULL" as the
            # index's condition, not a column: PostgreSQL does not read an index in order past
            # an IS NULL condition on an earlier column, so the index above cannot serve this.
            models.Index(
                fields=["-published_at"],
                condition=models.Q(unshared_at__isnull=True),
                name="shareditem_live_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:item", args=[self.pk])

    @property
    def sections(self) -> list[dict[str, Any]]:
        return list(self.snapshot.get("sections", []))


class NamingConsent(models.Model):
    """A member agreed to be named in what their organisation shares beyond itself. Without it
    their name is replaced by their part in the work; withdrawing it deletes the row and
    redacts every snapshot that named them (kaizen/network/naming.py). Patient partners are
    never named, consent or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="naming_consents"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_naming_consent")
        ]

    def __str__(self) -> str:
        return f"{self.user} may be named by {self.organisation}"


class NamedPerson(models.Model):
    """Who a snapshot names, and the name as it was published: kept beside the snapshot (never
    in it, so no reader learns an account's id) so that withdrawing consent finds every
    snapshot naming the person, even after they changed their name."""

    item = models.ForeignKey(SharedItem, on_delete=models.CASCADE, related_name="named")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.name} in {self.item}"


class ChangePackage(models.Model):
    """Changes that worked, curated by an improvement coach or a network coordinator for
    others to adopt: read and adopted by the members of its network (by everyone signed in
    when it has none). What it says lives in its versions; the latest is the current one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="change_packages"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="packages"
    )
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChangePackageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def current(self) -> PackageVersion:
        version = self.versions.order_by("-number").first()
        assert version is not None, "a package is created with its first version"
        return version


class PackageVersion(models.Model):
    """One published version of a package: frozen, so an adopter always knows what they took.

    ``ideas`` holds each change with the evidence of the project that tested it, as it stood
    when this version was published: ``{"title", "description", "organisation", "project",
    "stage", "verdicts": [{"measure", "verdict", "kind"}]}``. ``measures`` holds each measure's
    full operational definition (``comparison.DEFINITION_FIELDS``).
    """

    package = models.ForeignKey(ChangePackage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    aim = models.TextField("The aim it serves")
    how_to_start = models.TextField("How to start")
    note = models.CharField("What changed in this version", max_length=300, blank=True)
    ideas = models.JSONField(default=list)
    measures = models.JSONField(default=list)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="package_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.package} (version {self.number})"


class Adoption(models.Model):
    """An organisation took up a change from a package or a shared change idea: the project
    and change ideas it created for it, so the source can show where the change spread and
    whether it worked there too."""

    package = models.ForeignKey(
        ChangePackage, null=True, blank=True, on_delete=models.CASCADE, related_name="adoptions"
    )
    version = models.ForeignKey(
        PackageVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_item = models.ForeignKey(
        SharedItem, null=True, blank=True, on_delete=models.CASCADE, related_name="adoptions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adoptions"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    ideas = models.ManyToManyField("projects.ChangeIdea", related_name="adoptions")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField()

    class Meta:
        ordering = ["adopted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(package__isnull=True) ^ models.Q(shared_item__isnull=True),
                name="adoption_from_a_package_or_a_shared_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} adopted {self.package or self.shared_item}"


class NetworkMeasure(models.Model):
    """A measure definition shared in a network, so its members compare like with like."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    definition = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="network_measure_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def chart(self) -> str:
        return str(self.definition.get("chart", ""))


class MeasureShare(models.Model):
    """An organisation opted in to show one of its measures' values to the network under a
    shared definition. Without it, other members see nothing of that measure."""

    network_measure = models.ForeignKey(
        NetworkMeasure, on_delete=models.CASCADE, related_name="shares"
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="network_shares"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network_measure", "organisation"], name="one_share_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.measure}"

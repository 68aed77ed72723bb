"""Networks of organisations, and the learning their members share at a chosen reach.

What is shared is a snapshot the owner reviewed, never the live record: later edits reach
readers only when the owner publishes again, and unsharing takes the snapshot down everywhere.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from kaizen.accounts.models import Organisation


class Network(models.Model):
    """An integrated care system, a region, a collaborative: created by an installation admin
    (Django admin), with member organisations and coordinators from them."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="networks")
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_networks"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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


class SharedItem(models.Model):
    class Reach(models.TextChoices):
        NETWORK = "network", "A network"
        INSTALLATION = "installation", "Everyone signed in to Kaizen"
        PUBLIC = "public", "The public open library"

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
    reach = models.CharField(max_length=20, choices=Reach.choices)
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    snapshot = models.JSONField(default=dict)
    # Every word of the snapshot, for search.
    search_text = models.TextField(blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    unshared_at = models.DateTimeField(null=True, blank=True)

    objects = SharedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:item", args=[self.pk])

    @property
    def sections(self) -> list[dict[str, Any]]:
        return list(self.snapshot.get("sections", []))

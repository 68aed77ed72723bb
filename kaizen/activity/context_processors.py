"""The header's "Notifications" link, on every page inside an organisation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from kaizen.activity.services import unread_count


def notifications(request: HttpRequest) -> dict[str, object]:
    organisation = getattr(request, "organisation", None)
    if organisation is None or not request.user.is_authenticated:
        return {"notifications_link": None}
    unread = unread_count(user=request.user, organisation=organisation)
    text = f"Notifications ({unread} unread)" if unread else "Notifications"
    href = reverse("activity:notifications", args=[organisation.slug])
    return {"notifications_link": {"href": href, "text": text}}

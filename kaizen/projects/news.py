"""The projects' part of the weekly newsletter (the engagement app reads it through the
registry's news_source, so neither app imports the other): PDSA cycles closed with what was
learned, abandoned ones included and celebrated for the learning, and changes' verdicts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kaizen import registry
from kaizen.accounts.models import Organisation
from kaizen.projects.models import MeasureLink, PDSACycle


def project_news(
    *, organisation: Organisation, start: dt.datetime, end: dt.datetime
) -> list[registry.NewsItem]:
    slug = organisation.slug
    cycles = PDSACycle.objects.filter(
        idea__project__organisation=organisation,
        closed_on__gte=start.date(),
        closed_on__lt=end.date(),
    ).select_related("idea__project")
    items = [
        registry.NewsItem(
            "What we learned" if cycle.decision == PDSACycle.Decision.ABANDON else "Cycles closed",
            f"{cycle.idea.project.title}: {cycle}"
            + (
                " (abandoned: what we learned)"
                if cycle.decision == PDSACycle.Decision.ABANDON
                else ""
            ),
            cycle.learned[:300],
            reverse("projects:project_cycle", args=[slug, cycle.pk]),
        )
        for cycle in cycles
    ]
    links = (
        MeasureLink.objects.filter(
            project__organisation=organisation, verdict_at__gte=start, verdict_at__lt=end
        )
        .exclude(verdict="")
        .select_related("project", "measure")
    )
    items += [
        registry.NewsItem(
            "Verdicts",
            f"{link.project.title}: {link.measure.name}",
            f"{link.get_verdict_display()}. {link.verdict_detail}".strip(),
            reverse("projects:project_detail", args=[slug, link.project_id]),
        )
        for link in links
    ]
    return items

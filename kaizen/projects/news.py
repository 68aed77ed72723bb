"""The projects' part of the weekly newsletter (the engagement app reads it through the
registry's news_source, so neither app imports the other): PDSA cycles closed with what was
learned, abandoned ones included and celebrated for the learning, changes' verdicts and the
projects that moved stage (read from the audit trail, which records every move)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kaizen import registry
from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent
from kaizen.projects.models import MeasureLink, PDSACycle, Project


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
            unit_id=cycle.idea.project.unit_id,
            value_stream_id=cycle.idea.project.value_stream_id,
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
            unit_id=link.project.unit_id,
            value_stream_id=link.project.value_stream_id,
        )
        for link in links
    ]
    return items + _stage_moves(organisation, start, end)


def _stage_moves(
    organisation: Organisation, start: dt.datetime, end: dt.datetime
) -> list[registry.NewsItem]:
    """A line per project that moved stage, naming the stage it reached last in the week."""
    moves = AuditEvent.objects.filter(
        organisation=organisation,
        target_type=Project._meta.label_lower,
        at__gte=start,
        at__lt=end,
        changes__has_key="stage",
    ).order_by("at", "pk")
    reached = {int(event.target_id): event.changes["stage"][1] for event in moves}
    projects = Project.objects.filter(organisation=organisation, pk__in=reached)
    return [
        registry.NewsItem(
            "Projects moving on",
            f"{project.title} moved to “{reached[project.pk]}”",
            project.aim_sentence()[:300],
            reverse("projects:project_detail", args=[organisation.slug, project.pk]),
            unit_id=project.unit_id,
            value_stream_id=project.value_stream_id,
        )
        for project in projects.order_by("title")
    ]

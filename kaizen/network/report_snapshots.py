"""What of an improvement story and of a kaizen event's report is shared: like snapshot.py, a
fixed list of fields, so a new field stays private until someone decides to share it.

No photos travel with either. A report-out's photos carry no record that the people in them
agreed to more than the organisation seeing them, and a story's photo consent was given for the
organisation's own readers; the open library is the public web.

They live here, in the network app, because the layers put network above engagement and
events: those apps know nothing of sharing.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kaizen.engagement.models import Story
from kaizen.events.models import Event
from kaizen.events.services import findings
from kaizen.network.naming import Namer, Person
from kaizen.network.snapshot import sparkline


def story_snapshot(story: Story) -> dict[str, Any]:
    namer = Namer(story.organisation)
    return {
        "organisation": story.organisation.name,
        "title": story.title,
        "label": story.get_kind_display(),
        "people": [namer.member(story.author)],
        "story": story.body,
    }


def event_snapshot(event: Event) -> dict[str, Any]:
    """The event's scope, its target sheet with what kaizen_spc reads of each measure today,
    and its report-outs' notes and findings; never its checklist, backfill or costs."""
    return {
        "organisation": event.organisation.name,
        "title": event.title,
        "label": f"{event.get_kind_display()}, {_dates(event)}",
        "people": event_people(event),
        "scope": event.scope,
        "targets": _targets(event),
        "report_outs": [
            {
                "kind": report.get_kind_display(),
                "on": f"{report.on:%-d %B %Y}",
                "notes": report.notes,
                "findings": report.findings,
            }
            for report in event.report_outs.all()
        ],
    }


def event_people(event: Event) -> list[Person]:
    namer = Namer(event.organisation)
    roles = [
        ("Executive sponsor", event.sponsor),
        ("Process owner", event.process_owner),
        ("Team lead", event.team_lead),
        ("Improvement coach", event.coach),
    ]
    people = [namer.person(part, user) for part, user in roles if user is not None]
    seen = {user.pk for _, user in roles if user is not None}
    for participant in event.participants.select_related("person").order_by("pk"):
        if participant.person_id not in seen:
            seen.add(participant.person_id)
            people.append(namer.member(participant.person))
    return people


def _targets(event: Event) -> list[dict[str, str]]:
    readings = {found["measure"]: found for found in findings(event, as_of=timezone.localdate())}
    return [
        {
            "measure": target.measure.name,
            "baseline": f"{target.baseline:g}",
            "target": f"{target.target:g}",
            "verdict": readings.get(target.measure.name, {}).get("verdict", ""),
            "detail": readings.get(target.measure.name, {}).get("detail", ""),
            "sparkline": sparkline(target.measure),
        }
        for target in event.targets.select_related("measure")
    ]


def _dates(event: Event) -> str:
    starts, ends = event.starts_on, event.ends_on
    if starts == ends:
        return f"{ends:%-d %B %Y}"
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts:%-d} to {ends:%-d %B %Y}"
    return f"{starts:%-d %B} to {ends:%-d %B %Y}"

"""What an event starts for the everyday work: during its week and at its report-outs, the team
raises ideas and agrees actions on its unit's huddle board, or adds change ideas to a project.
Each record is made by the ideas or projects app's own service (so its screening, audit, feed
and notifications run as they do there); the event keeps the link and reads back each record's
state, so its page shows what became of everything it raised."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kaizen.accounts.models import Membership, OrgUnit, User
from kaizen.accounts.permissions import is_steward
from kaizen.activity.services import record_event
from kaizen.events.models import Event, Spawn
from kaizen.events.services import event_url
from kaizen.ideas import boards
from kaizen.ideas.services import idea_raise
from kaizen.privacy.forms import validate_free_text
from kaizen.projects import services as projects
from kaizen.projects.models import Project
from kaizen.projects.permissions import can_change_project


def check_started(event: Event, today: dt.date | None = None) -> None:
    """Ideas and actions come from the week and its report-outs, not from the planning."""
    today = today or timezone.localdate()
    if today < event.starts_on:
        raise ValidationError(
            f"“{event}” starts on {event.starts_on:%-d %B %Y}: its team raises ideas and "
            "actions from its week and its report-outs, not before."
        )


def board_of(event: Event) -> OrgUnit:
    """The huddle board the event's ideas and actions land on: its unit's."""
    if event.unit is None:
        raise ValidationError(
            "This event has no unit, so there is no huddle board to put it on. Add a change "
            "idea to a project instead."
        )
    return event.unit


def projects_to_feed(membership: Membership, event: Event) -> list[Project]:
    """The projects the person may add a change idea to (the projects app's own rule), those the
    event already feeds first. Only a coach or admin may change any project; anyone else, the
    projects they lead, sponsor or are on the team of, so only those are read."""
    candidates = Project.objects.for_organisation(event.organisation)
    if not is_steward(membership):
        user = membership.user_id
        candidates = candidates.filter(Q(lead=user) | Q(sponsor=user) | Q(team__user=user))
    fed = set(
        Spawn.objects.filter(event=event, change_idea__isnull=False).values_list(
            "change_idea__project_id", flat=True
        )
    )
    allowed = [p for p in candidates.distinct() if can_change_project(membership, p)]
    return sorted(allowed, key=lambda project: (project.pk not in fed, project.title))


def _link(event: Event, by: User, what: str, **record: object) -> Spawn:
    spawn = Spawn.objects.create(event=event, by=by, **record)
    record_event(
        actor=by,
        organisation=event.organisation,
        target=event,
        text=f"{what} from {event}",
        url=event_url(event),
    )
    return spawn


def spawn_idea(
    *, event: Event, by: User, problem: str, proposal: str = "", today: dt.date | None = None
) -> Spawn:
    """An idea on the unit's huddle board, raised by ``by``, answered there like any other."""
    check_started(event, today)
    unit = board_of(event)
    with transaction.atomic():
        idea = idea_raise(
            organisation=event.organisation,
            by=by,
            values={
                "problem": problem.strip(),
                "proposal": proposal.strip(),
                "unit": unit,
                "value_stream": event.value_stream,
            },
        )
        return _link(event, by, f"raised an idea on the {unit} huddle board", idea=idea)


def spawn_action(
    *,
    event: Event,
    by: User,
    text: str,
    owner: User,
    due: dt.date,
    today: dt.date | None = None,
) -> Spawn:
    """An action on the unit's huddle board, whose owner is told as for any huddle action."""
    check_started(event, today)
    unit = board_of(event)
    with transaction.atomic():
        action = boards.action_add(unit=unit, by=by, text=text, owner=owner, due=due)
        return _link(event, by, f"agreed an action on the {unit} huddle board", action=action)


def spawn_change_idea(
    *,
    event: Event,
    by: User,
    project: Project,
    title: str,
    description: str = "",
    today: dt.date | None = None,
) -> Spawn:
    """A change idea in one of the organisation's projects, to be tested in PDSA cycles there.
    Whether ``by`` may change the project is the caller's check (projects_to_feed)."""
    check_started(event, today)
    if project.organisation_id != event.organisation_id:
        raise ValidationError({"project": "Choose one of this organisation's projects."})
    if not title.strip():
        raise ValidationError({"title": "Name the change idea."})
    for words in (title, description):
        validate_free_text(words, organisation=event.organisation)
    description = f"{description.strip()}\n\nFrom the event “{event}”.".strip()
    with transaction.atomic():
        change = projects.idea_create(
            project=project, by=by, values={"title": title.strip(), "description": description}
        )
        return _link(
            event, by, f"added the change idea “{change}” to “{project}”", change_idea=change
        )


@dataclass(frozen=True)
class Spawned:
    """One thing the event started, as its page lists it: what, where, and its state now."""

    kind: str
    text: str
    url: str
    where: str
    status: str
    closed: bool


def spawned_by(event: Event, today: dt.date | None = None) -> list[Spawned]:
    today = today or timezone.localdate()
    links = event.spawned.select_related(
        "idea__status",
        "idea__board_unit",
        "idea__organisation",
        "action__unit",
        "action__organisation",
        "action__owner",
        "change_idea__project__organisation",
    )
    return [_read(link, today) for link in links]


def _read(link: Spawn, today: dt.date) -> Spawned:
    if link.idea is not None:
        idea = link.idea
        return Spawned(
            "Idea",
            idea.problem,
            idea.get_absolute_url(),
            f"the {idea.board_unit} huddle board" if idea.board_unit else "no huddle board",
            idea.status.name,
            idea.status.is_closed,
        )
    if link.action is not None:
        action = link.action
        return Spawned(
            "Action",
            action.text,
            action.get_absolute_url(),
            f"the {action.unit} huddle board",
            _action_state(action.done_at, action.due, today),
            action.done_at is not None,
        )
    change = link.change_idea
    assert change is not None  # the constraint: a link holds exactly one record
    return Spawned(
        "Change idea",
        change.title,
        change.get_absolute_url(),
        f"the project “{change.project}”",
        change.get_stage_display(),
        change.stage == change.Stage.ABANDONED,
    )


def _action_state(done_at: dt.datetime | None, due: dt.date, today: dt.date) -> str:
    if done_at is not None:
        return f"Done on {timezone.localtime(done_at):%-d %B %Y}"
    if due < today:
        return f"Overdue since {due:%-d %B %Y}"
    return f"Due {due:%-d %B %Y}"

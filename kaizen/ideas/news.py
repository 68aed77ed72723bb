"""The ideas' part of the weekly newsletter (the engagement app reads it through the registry's
news_source, so neither app imports the other): the ideas implemented and the ideas answered in
the week, each once, under the last answer it was given that week.

The idea's author is credited as the ideas pages credit them, except a patient partner: nothing
records their consent to be named in a newsletter, so the line says a patient partner raised it.
"""

from __future__ import annotations

import datetime as dt

from kaizen import registry
from kaizen.accounts.models import Membership, Organisation
from kaizen.accounts.roles import Role
from kaizen.ideas.models import Idea, IdeaAnswer, IdeaStatus

TEXT_LENGTH = 300


def idea_news(
    *, organisation: Organisation, start: dt.datetime, end: dt.datetime
) -> list[registry.NewsItem]:
    answers = (
        IdeaAnswer.objects.filter(idea__organisation=organisation, at__gte=start, at__lt=end)
        .select_related("status", "idea__author", "idea__organisation")
        .order_by("at", "pk")
    )
    # Later answers replace earlier ones: an idea answered, then implemented, is news once.
    last = {answer.idea_id: answer for answer in answers}
    partners = _patient_partners(organisation, {a.idea.author_id for a in last.values()})
    return [
        _item(answer, credit_author=answer.idea.author_id not in partners)
        for answer in last.values()
    ]


def _patient_partners(organisation: Organisation, user_ids: set[int]) -> set[int]:
    return set(
        Membership.objects.filter(
            organisation=organisation, user_id__in=user_ids, role=Role.PATIENT_PARTNER
        ).values_list("user_id", flat=True)
    )


def _item(answer: IdeaAnswer, *, credit_author: bool) -> registry.NewsItem:
    idea: Idea = answer.idea
    implemented = answer.status.kind == IdeaStatus.Kind.IMPLEMENTED
    author = idea.author.display_name if credit_author else "a patient partner"
    return registry.NewsItem(
        "Ideas implemented" if implemented else "Ideas answered",
        str(idea),
        f"Raised by {author}. {answer.status}: {answer.text}"[:TEXT_LENGTH],
        idea.get_absolute_url(),
        unit_id=idea.unit_id,
        value_stream_id=idea.value_stream_id,
    )

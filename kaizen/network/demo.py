"""The demo's network: the demo trust and two partner organisations, the trust's projects, a
story and an event's report in the open library (naming the people who agreed to be named), a
change package the partners adopted (it worked at one, not at the other), and
a measure the three compare. Made through the same services a person uses; run twice, it
changes nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.engagement.models import Story
from kaizen.events.models import Event
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_create, measure_refresh
from kaizen.network.adoption import adopt_package
from kaizen.network.comparison import measure_share, network_measure_create
from kaizen.network.models import ChangePackage, Network, NetworkMeasure, SharedItem
from kaizen.network.naming import consent_give
from kaizen.network.networks import admins, answer, invite, network_save
from kaizen.network.packages import package_create
from kaizen.network.services import share_event, share_idea, share_project, share_story
from kaizen.projects.models import ChangeIdea

NETWORK = "Riverside Integrated Care System (demo)"
PACKAGE = "Safer nights: preventing falls on older people's wards"
# Partner organisations: name, slug, how their falls moved after adopting the package, and
# their share of admissions assessed for falls risk (and admissions a month).
PARTNERS = [
    ("Brookfield Community Health (demo)", "brookfield-demo", (6.2, 4.1), (0.71, 140)),
    ("Ashby General Hospital (demo)", "ashby-demo", (5.8, 7.6), (0.91, 950)),
]
HOST_ASSESSED = (0.83, 420)
# Demo people who agreed to be named in shared learning; the rest are shown by their part.
NAMED = ("coach@demo.kaizen.test", "leader@demo.kaizen.test", "staff@demo.kaizen.test")
STORY = "The falls huddle that took three tries"
COMPARED = "Falls risk assessed within 24 hours of admission (monthly)"
WEEKS = 40
COLLABORATIVE = "Safer Nights Collaborative (demo)"
COLLABORATIVE_ABOUT = "Wards that work nights learning together how to prevent falls."


def load_demo_network(organisation: Organisation) -> None:
    lead = _first_member(organisation)
    if lead is None:
        return
    network = _network(NETWORK, Network.Kind.ICS, "The demo trust's partners in improvement.")
    _join(network, organisation, (admins(organisation) or [lead])[0])
    network.coordinators.add(lead)
    for user in User.objects.filter(email__in=NAMED, memberships__organisation=organisation):
        consent_give(user=user, organisation=organisation)
    _share_projects(organisation)
    _share_story_and_report(organisation)
    _share_idea(organisation, network)
    partners = [_partner(network, name, slug, lead) for name, slug, *_ in PARTNERS]
    _collaborative(organisation, partners)
    package = _package(organisation, network, lead)
    if package is not None and not package.adoptions.exists():
        for (admin, partner), (_, _, levels, _) in zip(partners, PARTNERS, strict=True):
            _adopt(package, partner, admin, levels)
    if not NetworkMeasure.objects.filter(network=network, name=COMPARED).exists():
        shared = network_measure_create(
            network=network, measure=_assessed(organisation, lead, HOST_ASSESSED), by=lead
        )
        for (admin, partner), (*_, assessed) in zip(partners, PARTNERS, strict=True):
            measure = _assessed(partner, admin, assessed)
            measure_share(network_measure=shared, measure=measure, by=admin)


def _network(name: str, kind: str, description: str) -> Network:
    """Made by the installation (no one in particular), as an installation admin would."""
    if network := Network.objects.filter(name=name).first():
        return network
    values = {"name": name, "kind": kind, "description": description}
    return network_save(network=Network(), by=None, values=values)


def _join(network: Network, organisation: Organisation, admin: User) -> None:
    """Invited, and accepted by one of the organisation's people, as every member joins."""
    if not network.organisations.filter(pk=organisation.pk).exists():
        invitation = invite(network=network, organisation=organisation, by=None)
        answer(invitation=invitation, by=admin, accept=True)


def _collaborative(organisation: Organisation, partners: list[tuple[User, Organisation]]) -> None:
    """A second network the partners run, whose invitation to the demo trust waits for its
    admins to answer (on the trust's "Networks and invitations" page)."""
    network = _network(COLLABORATIVE, Network.Kind.COLLABORATIVE, COLLABORATIVE_ABOUT)
    for admin, partner in partners:
        _join(network, partner, admin)
    network.coordinators.add(partners[0][0])
    if not network.invitations.filter(organisation=organisation).exists():
        invite(network=network, organisation=organisation, by=None)


def _first_member(organisation: Organisation) -> User | None:
    return User.objects.filter(memberships__organisation=organisation).order_by("pk").first()


def _share_projects(organisation: Organisation) -> None:
    for project in organisation.projects.all():
        if SharedItem.objects.live().filter(project=project).exists():
            continue
        try:
            share_project(project=project, by=project.lead, reach=SharedItem.Reach.PUBLIC)  # type: ignore[arg-type]
        except ValidationError:
            continue  # a demo text the screen refuses stays private, as a person's would


def _share_story_and_report(organisation: Organisation) -> None:
    """A published story and the report of the first event with report-outs, publicly."""
    story = Story.objects.filter(
        organisation=organisation, title=STORY, status=Story.Status.APPROVED
    ).first()
    if story is not None and not SharedItem.objects.filter(story=story).exists():
        share_story(story=story, by=story.author, reach=SharedItem.Reach.PUBLIC)
    event = (
        Event.objects.filter(organisation=organisation, report_outs__isnull=False)
        .order_by("starts_on")
        .first()
    )
    coach = event.coach if event is not None else None
    if event is not None and coach is not None and not event.shared_items.exists():
        share_event(event=event, by=coach, reach=SharedItem.Reach.PUBLIC)


def _share_idea(organisation: Organisation, network: Network) -> None:
    """A change idea shared alone with the network, for partners to adopt on its own."""
    idea = ChangeIdea.objects.filter(
        project__organisation=organisation, title="Criteria-led discharge by nurses"
    ).first()
    if idea is not None and not SharedItem.objects.live().filter(idea=idea).exists():
        lead = idea.project.lead
        assert lead is not None
        share_idea(idea=idea, by=lead, reach=SharedItem.Reach.NETWORK, network=network)


def _partner(network: Network, name: str, slug: str, lead: User) -> tuple[User, Organisation]:
    """A partner organisation with one admin, who signs in with the demo's shared password."""
    partner, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": Organisation.Kind.TRUST}
    )
    admin, _ = User.objects.get_or_create(
        email=f"admin@{slug}.kaizen.test",
        defaults={"full_name": f"Admin of {name}", "password": lead.password},
    )
    Membership.objects.get_or_create(
        user=admin, organisation=partner, defaults={"role": Role.ADMIN}
    )
    _join(network, partner, admin)
    return admin, partner


def _package(organisation: Organisation, network: Network, lead: User) -> ChangePackage | None:
    if package := ChangePackage.objects.filter(title=PACKAGE).first():
        return package
    idea = ChangeIdea.objects.filter(
        project__organisation=organisation, title="Intentional hourly rounding at night"
    ).first()
    falls = Measure.objects.filter(
        organisation=organisation, name="Inpatient falls per 1,000 bed days"
    ).first()
    if idea is None or falls is None:
        return None
    return package_create(
        organisation=organisation,
        by=lead,
        title=PACKAGE,
        network=network,
        aim="Reduce falls with harm among patients over 65 at night by a third within six months.",
        how_to_start="Start with one bay for one week of nights: hourly rounds with a checklist "
        "(toilet, pain, position, possessions in reach).\n"
        "Add a short 02:00 huddle once rounds slip in the small hours.\n"
        "Count falls per 1,000 bed days weekly from the first day.",
        ideas=[idea],
        measures=[falls],
    )


def _adopt(
    package: ChangePackage, partner: Organisation, admin: User, levels: tuple[float, float]
) -> None:
    """Adopted twenty weeks ago, with weekly data that moved (or not) after it."""
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    first = monday - dt.timedelta(weeks=WEEKS)
    start = first + dt.timedelta(weeks=WEEKS // 2)
    adoption = adopt_package(package=package, organisation=partner, by=admin, starts_on=start)
    noise = random.Random(partner.slug)
    for link in adoption.ideas.get().measure_links.select_related("measure"):
        measure = link.measure
        DataPoint.objects.bulk_create(
            DataPoint(
                measure=measure,
                period=first + dt.timedelta(weeks=week),
                value=round(levels[week >= WEEKS // 2] + noise.gauss(0, 0.4), 1),
            )
            for week in range(WEEKS)
        )
        measure_refresh(measure=measure)


def _assessed(organisation: Organisation, by: User, level: tuple[float, int]) -> Measure:
    """A monthly proportion, two years of it, for the network to compare on a funnel plot."""
    measure = measure_create(
        organisation=organisation,
        by=by,
        name=COMPARED,
        description="Adults admitted who had a falls risk assessment within 24 hours.",
        numerator_definition="Admissions with a falls risk assessment within 24 hours",
        denominator_definition="Admissions of adults aged 65 and over",
        unit_label="%",
        chart="p",
        multiplier=100,
        frequency=Measure.Frequency.MONTHLY,
        improvement=Measure.Improvement.INCREASE,
    )
    share, admissions = level
    noise = random.Random(organisation.slug)
    this_month = timezone.localdate().replace(day=1)
    months = [(this_month.year * 12 + this_month.month - 1) - back for back in range(24, 0, -1)]
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            period=dt.date(month // 12, month % 12 + 1, 1),
            numerator=round(count * min(share + noise.gauss(0, 0.02), 1.0)),
            denominator=count,
        )
        for month in months
        if (count := max(round(admissions * noise.uniform(0.9, 1.1)), 1))
    )
    return measure_refresh(measure=measure)

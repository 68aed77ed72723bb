"""The demo's network: the demo trust and two partner organisations, the trust's projects in the
open library, a change package the partners adopted (it worked at one, not at the other), and
a measure the three compare. Made through the same services a person uses; run twice, it
changes nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.network.adoption import adopt_package
from kaizen.network.models import ChangePackage, Network, SharedItem
from kaizen.network.packages import package_create
from kaizen.network.services import share_idea, share_project
from kaizen.projects.models import ChangeIdea

NETWORK = "Riverside Integrated Care System (demo)"
PACKAGE = "Safer nights: preventing falls on older people's wards"
# Partner organisations: name, slug, and how their falls moved after adopting the package.
PARTNERS = [
    ("Brookfield Community Health (demo)", "brookfield-demo", (6.2, 4.1)),
    ("Ashby General Hospital (demo)", "ashby-demo", (5.8, 7.6)),
]
WEEKS = 40


def load_demo_network(organisation: Organisation) -> None:
    network, _ = Network.objects.get_or_create(
        name=NETWORK, defaults={"description": "The demo trust's partners in improvement."}
    )
    network.organisations.add(organisation)
    lead = _first_member(organisation)
    if lead is None:
        return
    network.coordinators.add(lead)
    _share_projects(organisation)
    _share_idea(organisation, network)
    partners = [_partner(network, name, slug, lead) for name, slug, _ in PARTNERS]
    package = _package(organisation, network, lead)
    if package is not None and not package.adoptions.exists():
        for (admin, partner), (_, _, levels) in zip(partners, PARTNERS, strict=True):
            _adopt(package, partner, admin, levels)


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
    network.organisations.add(partner)
    admin, _ = User.objects.get_or_create(
        email=f"admin@{slug}.kaizen.test",
        defaults={"full_name": f"Admin of {name}", "password": lead.password},
    )
    Membership.objects.get_or_create(
        user=admin, organisation=partner, defaults={"role": Role.ADMIN}
    )
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

"""Comparing a measure across a network: a definition shared in the network, each member's own
measure opted in under it, their SPC charts side by side, and for proportions and rates a
funnel plot (kaizen_spc.funnel). A member's values reach the network only by its opting in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.models import Measure
from kaizen.network.definitions import definition_of
from kaizen.network.models import MeasureShare, Network, NetworkMeasure
from kaizen_spc.errors import SPCInputError
from kaizen_spc.funnel import FunnelResult, funnel
from kaizen_spc.svg import FONT, render_svg

# Charts of proportions and rates, and the funnel each takes.
FUNNEL_KINDS = {"p": "proportion", "pp": "proportion", "u": "rate", "up": "rate"}
# The funnel compares each member's latest year (of monthly data; the latest twelve periods).
FUNNEL_PERIODS = 12


def network_measure_create(*, network: Network, measure: Measure, by: User) -> NetworkMeasure:
    """Share a measure's definition in the network, and opt its own organisation's values in."""
    if not network.organisations.filter(pk=measure.organisation_id).exists():
        raise ValidationError({"network": "Choose a network your organisation belongs to."})
    if NetworkMeasure.objects.filter(network=network, name__iexact=measure.name).exists():
        raise ValidationError({"measure": "The network already shares a measure of that name."})
    with transaction.atomic():
        shared = NetworkMeasure.objects.create(
            network=network, name=measure.name, definition=definition_of(measure), created_by=by
        )
        measure_share(network_measure=shared, measure=measure, by=by)
    return shared


def measure_share(*, network_measure: NetworkMeasure, measure: Measure, by: User) -> MeasureShare:
    """Opt one of the organisation's measures in: the network's members see its values."""
    organisation = measure.organisation
    if not network_measure.network.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError("Only members of the network can share a measure with it.")
    if measure.chart != network_measure.chart:
        raise ValidationError(
            {"measure": "Choose a measure drawn on the same chart as the shared definition."}
        )
    with transaction.atomic():
        share, _ = MeasureShare.objects.update_or_create(
            network_measure=network_measure,
            organisation=organisation,
            defaults={"measure": measure, "shared_by": by, "shared_at": timezone.now()},
        )
        _audit(by, organisation, share, f"Shared “{measure}” with {network_measure.network}")
    return share


def measure_unshare(*, share: MeasureShare, by: User) -> None:
    with transaction.atomic():
        _audit(by, share.organisation, share, f"Stopped sharing “{share.measure}”")
        share.delete()


def _audit(by: User, organisation: Organisation, share: MeasureShare, summary: str) -> None:
    record(
        actor=by,
        organisation=organisation,
        action=AuditEvent.Action.UPDATE,
        target=share.measure,
        summary=summary,
    )


# ---------------------------------------------------------------------------------------------
# Reading the comparison.


@dataclass(frozen=True)
class Member:
    organisation: str
    measure: Measure
    chart: str  # SVG
    headline: dict[str, Any]


def members(network_measure: NetworkMeasure) -> list[Member]:
    """The opted-in members' charts, one per organisation, as small multiples."""
    shares = network_measure.shares.select_related("measure", "organisation")
    return [
        Member(
            organisation=share.organisation.name,
            measure=share.measure,
            chart=small_chart(share.measure, share.organisation.name),
            headline=share.measure.current_headline(),
        )
        for share in shares
    ]


def small_chart(measure: Measure, title: str) -> str:
    """The measure's SPC chart, small and as wide as its column. The page's policy refuses
    style attributes, so the chart's font is given as a presentation attribute instead."""
    svg = render_svg(
        measure.spc_result(), title=title, unit=measure.unit_label, width=360, height=200
    )
    svg = svg.replace(f'style="{FONT}"', 'font-family="Arial, Helvetica, sans-serif"', 1)
    return svg.replace('width="360" height="200"', 'width="100%"', 1)


@dataclass(frozen=True)
class Funnel:
    result: FunnelResult
    organisations: list[str]
    denominators: list[float]


def network_funnel(network_measure: NetworkMeasure) -> Funnel | None:
    """Each opted-in member's latest year pooled, on a funnel plot; None for a measure that is
    not a proportion or a rate, or with fewer than three members' data."""
    kind = FUNNEL_KINDS.get(network_measure.chart)
    if kind is None:
        return None
    names: list[str] = []
    numerators: list[float] = []
    denominators: list[float] = []
    for share in network_measure.shares.select_related("measure", "organisation"):
        rows = share.measure.datapoints.exclude(denominator=None).exclude(numerator=None)
        latest = rows.order_by("-period").values_list("numerator", "denominator")
        pairs = [(float(n or 0), float(d or 0)) for n, d in latest[:FUNNEL_PERIODS]]
        if sum(d for _, d in pairs) > 0:
            names.append(share.organisation.name)
            numerators.append(sum(n for n, _ in pairs))
            denominators.append(sum(d for _, d in pairs))
    if len(names) < 3:
        return None
    multiplier = float(network_measure.definition.get("multiplier", 1.0))
    try:
        result = funnel(numerators, denominators, kind=kind, multiply=multiplier)  # type: ignore[arg-type]
    except SPCInputError:
        return None
    return Funnel(result=result, organisations=names, denominators=denominators)


def readable_network_measures(organisation: Organisation) -> QuerySet[NetworkMeasure]:
    """The measures shared in the organisation's networks (not their values: see members)."""
    return NetworkMeasure.objects.filter(network__organisations=organisation).select_related(
        "network"
    )

"""Curating change packages: each publication is a new, frozen version."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.models import Measure
from kaizen.network.definitions import definition_of
from kaizen.network.models import ChangePackage, Network, PackageVersion
from kaizen.network.services import refuse_patient_data
from kaizen.projects.models import ChangeIdea, MeasureLink


def idea_evidence(idea: ChangeIdea) -> dict[str, Any]:
    """A change idea with the evidence of the project that tested it: its stage and the
    verdict on each measure it was tested against. No one is named."""
    # The idea's own verdicts, and those of its cycles: a ramp is judged cycle by cycle.
    links = MeasureLink.objects.filter(Q(idea=idea) | Q(cycle__idea=idea)).select_related("measure")
    return {
        "title": idea.title,
        "description": idea.description,
        "organisation": idea.project.organisation.name,
        "project": idea.project.title,
        "stage": idea.get_stage_display(),
        "verdicts": [
            {
                "measure": link.measure.name,
                "verdict": link.get_verdict_display(),
                "kind": link.verdict,
                "direction": link.direction,
            }
            for link in links
        ],
    }


def package_create(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    network: Network | None,
    aim: str,
    how_to_start: str,
    ideas: Sequence[ChangeIdea],
    measures: Sequence[Measure],
) -> ChangePackage:
    if network is not None and not network.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"network": "Choose a network your organisation belongs to."})
    with transaction.atomic():
        package = ChangePackage.objects.create(
            organisation=organisation, network=network, title=title, created_by=by
        )
        package_publish(
            package=package,
            by=by,
            aim=aim,
            how_to_start=how_to_start,
            note="First version",
            ideas=ideas,
            measures=measures,
        )
    return package


def package_publish(
    *,
    package: ChangePackage,
    by: User,
    aim: str,
    how_to_start: str,
    note: str,
    ideas: Sequence[ChangeIdea],
    measures: Sequence[Measure],
) -> PackageVersion:
    """Publish the next version. Earlier versions stay as they were: adopters of them keep
    seeing what they adopted."""
    if not ideas:
        raise ValidationError({"ideas": "Choose at least one change idea for the package."})
    content = {
        "aim": aim,
        "how_to_start": how_to_start,
        "note": note,
        "ideas": [idea_evidence(idea) for idea in ideas],
        "measures": [definition_of(measure) for measure in measures],
    }
    refuse_patient_data(content, package.organisation)
    with transaction.atomic():
        latest = package.versions.order_by("-number").values_list("number", flat=True).first()
        version = PackageVersion.objects.create(
            package=package,
            number=(latest or 0) + 1,
            published_by=by,
            published_at=timezone.now(),
            **content,
        )
        record(
            actor=by,
            organisation=package.organisation,
            action=AuditEvent.Action.CREATE,
            target=version,
            summary=f"Published version {version.number} of the change package “{package}”",
        )
    return version

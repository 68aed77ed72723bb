"""Stop-Doing campaigns: leaders open a window, staff nominate low-value activities, leaders
decide in the open, and each activity stopped or changed releases confirmed hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity import services as activity
from kaizen.audit.models import AuditEvent
from kaizen.ideas.models import Campaign, Nomination
from kaizen.impact import services as impact
from kaizen.impact.models import ImpactEntry
from kaizen.privacy.forms import validate_free_text
from kaizen.projects.models import Project

RELEASING = (Nomination.Decision.STOP, Nomination.Decision.CHANGE)
WEEKS_A_YEAR = 52


def campaign_open(*, organisation: Organisation, by: User, values: dict[str, Any]) -> Campaign:
    campaign = Campaign(organisation=organisation, opened_by=by, **values)
    campaign.full_clean()
    if campaign.closes < campaign.opens:
        raise ValidationError({"closes": "The campaign must close on or after it opens."})
    with transaction.atomic():
        campaign.save()
        activity.record_event(
            actor=by,
            organisation=organisation,
            target=campaign,
            text=f"{by} opened the Stop-Doing campaign “{campaign.title}”",
            url=campaign.get_absolute_url(),
            action=AuditEvent.Action.CREATE,
        )
    return campaign


def nominate(*, campaign: Campaign, by: User, values: dict[str, Any]) -> Nomination:
    if not campaign.is_open():
        raise ValidationError("This campaign is not taking nominations.")
    nomination = Nomination(campaign=campaign, nominated_by=by, **values)
    if nomination.times_per_week is not None and nomination.times_per_week <= 0:
        raise ValidationError({"times_per_week": "Say how many times a week, more than none."})
    nomination.full_clean()
    with transaction.atomic():
        nomination.save()
        activity.record_event(
            actor=by,
            organisation=campaign.organisation,
            target=nomination,
            feed=campaign,
            text=f"{by} nominated “{nomination.what}”",
            url=campaign.get_absolute_url(),
            action=AuditEvent.Action.CREATE,
        )
    return nomination


def decide(
    *,
    nomination: Nomination,
    by: User,
    decision: str,
    reason: str,
    hours_per_week: Decimal | None = None,
    redeployed_to: str = "",
    redeployed_project: Project | None = None,
) -> None:
    """Stop, change or keep, always with the reason. Stopping or changing confirms the hours
    released (the nomination's figure unless the decider corrects it), says where the time
    went, and records the hours a year released on the impact ledger."""
    organisation = nomination.campaign.organisation
    if decision not in Nomination.Decision.values or not decision:
        raise ValidationError({"decision": "Choose stop, change or keep."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    if redeployed_project is not None and redeployed_project.organisation_id != organisation.pk:
        raise ValidationError({"redeployed_project": "Choose one of this organisation's projects."})
    for text in (reason, redeployed_to):
        validate_free_text(text, organisation=organisation)
    releasing = decision in RELEASING
    hours = hours_per_week if hours_per_week is not None else nomination.proposed_hours_per_week
    if releasing and hours < 0:
        raise ValidationError({"hours_per_week": "Hours released cannot be negative."})
    with transaction.atomic():
        # Claimed in the database, so two leaders deciding at once cannot both book the hours.
        if not Nomination.objects.filter(pk=nomination.pk, decision="").update(decision=decision):
            raise ValidationError("This nomination is already decided.")
        nomination.decision, nomination.reason = decision, reason.strip()
        nomination.hours_per_week = hours if releasing else None
        nomination.redeployed_to = redeployed_to.strip() if releasing else ""
        nomination.redeployed_project = redeployed_project if releasing else None
        nomination.decided_by, nomination.decided_at = by, timezone.now()
        nomination.save()
        activity.record_event(
            actor=by,
            organisation=organisation,
            target=nomination,
            feed=nomination.campaign,
            text=f"{by} decided to {nomination.get_decision_display().lower()} "
            f"“{nomination.what}”: {reason}",
            url=nomination.get_absolute_url(),
        )
        if releasing and hours > 0:
            _record_hours(nomination, by, hours)


def _record_hours(nomination: Nomination, by: User, hours_per_week: Decimal) -> None:
    """The released time on the impact ledger: hours a week x 52, over the year from the
    decision, counted towards the campaign's area."""
    start = timezone.localdate()
    went = nomination.redeployed_project or nomination.redeployed_to
    impact.entry_add(
        organisation=nomination.campaign.organisation,
        target=nomination,
        by=by,
        values={
            "kind": ImpactEntry.Kind.HOURS,
            "amount": hours_per_week * WEEKS_A_YEAR,
            "amount_unit": "hours",
            "period_start": start,
            "period_end": start + dt.timedelta(days=364),
            "unit": nomination.campaign.unit,
            "note": (
                f"{hours_per_week} hours a week x {WEEKS_A_YEAR} released"
                + (f", now spent on {went}" if went else "")
            )[:300],
        },
        url=nomination.get_absolute_url(),
    )


def hours_released(campaigns: Any) -> Decimal:
    """Confirmed hours a week released by the activities stopped or changed."""
    total = Nomination.objects.filter(campaign__in=campaigns, decision__in=RELEASING).aggregate(
        total=Sum("hours_per_week")
    )["total"]
    return total or Decimal(0)


def hours_by_unit_and_month(organisation: Organisation) -> list[dict[str, Any]]:
    """Hours a week released, by the campaign's unit and the month of the decision."""
    rows: dict[tuple[str, dt.date], Decimal] = {}
    released = Nomination.objects.filter(
        campaign__organisation=organisation, decision__in=RELEASING
    ).select_related("campaign__unit")
    for nomination in released:
        assert nomination.decided_at is not None
        unit = str(nomination.campaign.unit or organisation)
        month = nomination.decided_at.date().replace(day=1)
        rows[unit, month] = rows.get((unit, month), Decimal(0)) + (nomination.hours_per_week or 0)
    return [
        {"unit": unit, "month": month, "hours": hours}
        for (unit, month), hours in sorted(rows.items(), key=lambda row: (row[0][1], row[0][0]))
    ]

"""The tier ladder's writes: an organisation names its tiers, adds one at the top, and moves a
tier up or down (ranks stay 1, 2, 3... with no gaps, so "this tier or deeper" stays a rank
comparison)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from kaizen.accounts.models import User
from kaizen.changes import announce
from kaizen.training.models import Tier


def tier_save(*, tier: Tier, by: User) -> Tier:
    """Add a tier (at the top of the ladder) or rename one, refusing a name already used."""
    clash = (
        Tier.objects.filter(organisation=tier.organisation, name__iexact=tier.name)
        .exclude(pk=tier.pk)
        .exists()
    )
    if clash:
        raise ValidationError({"name": f"There is already a tier called “{tier.name}”."})
    created = tier.pk is None
    with transaction.atomic():
        if created:
            top = Tier.objects.filter(organisation=tier.organisation).aggregate(top=Max("rank"))
            tier.rank = (top["top"] or 0) + 1
        tier.save()
        announce(
            actor=by,
            organisation=tier.organisation,
            action="create" if created else "update",
            target=tier,
            summary=f"{'added' if created else 'changed'} the tier {tier.name}",
        )
    return tier


def tier_move(*, tier: Tier, up: bool, by: User) -> Tier:
    """Swap ``tier`` with its neighbour above (``up``, deeper) or below."""
    with transaction.atomic():
        ladder = list(
            Tier.objects.select_for_update().filter(organisation=tier.organisation).order_by("rank")
        )
        index = next(i for i, t in enumerate(ladder) if t.pk == tier.pk)
        other = index + 1 if up else index - 1
        if not 0 <= other < len(ladder):
            raise ValidationError(
                f"“{tier}” is already the {'deepest' if up else 'first'} tier on the ladder."
            )
        mine, theirs = ladder[index], ladder[other]
        # Ranks are unique per organisation: park one at 0 while the other moves.
        mine_rank, theirs_rank = mine.rank, theirs.rank
        Tier.objects.filter(pk=mine.pk).update(rank=0)
        Tier.objects.filter(pk=theirs.pk).update(rank=mine_rank)
        Tier.objects.filter(pk=mine.pk).update(rank=theirs_rank)
        announce(
            actor=by,
            organisation=tier.organisation,
            action="update",
            target=mine,
            changes={"rank": [mine_rank, theirs_rank]},
            summary=f"moved the tier {mine.name} {'up' if up else 'down'} the ladder",
        )
    tier.refresh_from_db()
    return tier

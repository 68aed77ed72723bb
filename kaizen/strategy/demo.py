"""The demo trust's North Star and strategic priorities; loading twice changes nothing."""

from __future__ import annotations

from kaizen.accounts.models import Organisation
from kaizen.strategy.models import NorthStar, StrategicPriority

NORTH_STAR = (
    "Safe, timely care for every patient, every time: no avoidable harm, no waits that matter "
    "to patients, and every member of staff able to improve their own work."
)
PRIORITIES = ("No avoidable harm", "No waits that matter to patients", "Everyone improving")


def load_demo_strategy(organisation: Organisation) -> None:
    NorthStar.objects.update_or_create(
        organisation=organisation, defaults={"statement": NORTH_STAR}
    )
    for name in PRIORITIES:
        StrategicPriority.objects.get_or_create(organisation=organisation, name=name)

"""kaizen_spc's chart advisor as suggestions the measure's owner accepts or dismisses.

Advice is never applied silently: accepting changes the chart type through measure_update (so it
is audited and the chart redrawn), and a dismissal is remembered per kind of advice and chart, so
the same suggestion does not come back until the chart changes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kaizen.accounts.models import User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.measures.models import Measure
from kaizen.measures.services import measure_update
from kaizen_spc.advisor import Advice, advise
from kaizen_spc.types import SeriesResult


def _key(measure: Measure, advice: Advice) -> str:
    return dismissal_key(measure, advice.kind)


def dismissal_key(measure: Measure, kind: str) -> str:
    return f"{measure.chart}:{kind}"


def stored_advice(measure: Measure, headline: dict[str, Any]) -> list[dict[str, Any]]:
    """The advice stored with the measure's headline at its last refresh (the board summary
    reads it there: advising 50 charts on every page view would cost more than the page), less
    what its owner has dismissed. A headline from before the advisor has none."""
    dismissed = set(measure.dismissed_advice or [])
    return [
        one
        for one in headline.get("advice") or []
        if dismissal_key(measure, one["kind"]) not in dismissed
    ]


def advice_for(measure: Measure, result: SeriesResult) -> list[Advice]:
    """The advice on the measure's chart that its owner has not dismissed. A recalculation is
    left out: the chart's reading already offers it, with its own button."""
    dismissed = set(measure.dismissed_advice or [])
    return [
        advice
        for advice in advise(result, multiply=measure.multiplier)
        if advice.kind != "recalculate" and _key(measure, advice) not in dismissed
    ]


def _find(measure: Measure, kind: str) -> Advice:
    found = next((a for a in advice_for(measure, measure.spc_result()) if a.kind == kind), None)
    if found is None:
        raise ValidationError("This suggestion no longer applies to the chart.")
    return found


def advice_accept(*, measure: Measure, by: User, kind: str) -> Measure:
    """Draw the measure with the chart the advice suggests (audited as a change of chart)."""
    advice = _find(measure, kind)
    if advice.suggested_chart is None:
        raise ValidationError("This suggestion does not propose another chart.")
    # Accepting is the reason a board measure's change must give: the advice says why.
    reason = f"The chart advisor's suggestion: {advice.message}"
    return measure_update(measure=measure, by=by, chart=advice.suggested_chart, reason=reason)


def advice_dismiss(*, measure: Measure, by: User, kind: str) -> None:
    advice = _find(measure, kind)
    with transaction.atomic():
        measure.dismissed_advice = [*(measure.dismissed_advice or []), _key(measure, advice)]
        Measure.objects.filter(pk=measure.pk).update(dismissed_advice=measure.dismissed_advice)
        record(
            actor=by,
            organisation=measure.organisation,
            action=AuditEvent.Action.UPDATE,
            target=measure,
            changes={"dismissed_advice": advice.kind},
            summary=f"Dismissed the chart advisor's suggestion on “{measure.name}”: "
            f"{advice.message}"[:300],
        )

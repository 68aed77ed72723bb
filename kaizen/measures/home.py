"""What the organisation's home page shows each person of the measures (MeasuresConfig)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaizen.accounts.permissions import OrgRequest
from kaizen.accounts.roles import Role
from kaizen.measures import icons
from kaizen.measures.models import Measure
from kaizen.measures.summary import SummaryRow, summary_rows

SHOWN = 12


def _special_cause(rows: list[SummaryRow]) -> list[SummaryRow]:
    return [row for row in rows if row.variation_icon not in ("", "common_cause")]


def home_data(request: OrgRequest) -> dict[str, Any]:
    """Staff: the measures they own or enter figures for. Leaders: their area's measures with a
    special cause now. The board: its report's measures by variation, special cause first."""
    measures = Measure.objects.for_organisation(request.organisation)
    membership = request.membership
    data: dict[str, Any] = {
        "yours": [],
        "area": [],
        "board": [],
        "board_counts": {},
        "icons": icons,
    }
    yours = measures.filter(Q(owner=request.user) | Q(data_entry=request.user)).distinct()
    data["yours"] = summary_rows(yours.for_summary()[:SHOWN], sort="variation")
    if membership.role == Role.LEADER and membership.unit is not None:
        area = summary_rows(measures.in_unit(membership.unit).for_summary(), sort="variation")
        data["area"] = _special_cause(area)[:SHOWN]
    if membership.role in (Role.BOARD, Role.ADMIN, Role.LEADER):
        board = summary_rows(measures.filter(on_board=True).for_summary(), sort="variation")
        data["board"] = board[:SHOWN]
        special = len(_special_cause(board))
        data["board_counts"] = {"special": special, "common": len(board) - special}
    return data

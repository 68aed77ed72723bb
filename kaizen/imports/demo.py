"""The demo organisation's saved column mapping for NHS England's published statistics, so the
long-table page offers "next month's file in one click" from the first visit."""

from __future__ import annotations

from kaizen.accounts.models import Organisation
from kaizen.imports.bulk import source_save
from kaizen.imports.longtable import ColumnMapping
from kaizen.imports.models import ImportSource

NHSE_STATISTICS = ColumnMapping(
    series=("org_code", "measure"),
    period="period",
    value="value",
    numerator="numerator",
    denominator="denominator",
    organisation="org_code",
    organisation_name="org_name",
    publisher="nhse",
)


def load_demo_sources(organisation: Organisation) -> ImportSource:
    return source_save(
        organisation=organisation,
        name="NHS England statistics (tidy CSV)",
        mapping=NHSE_STATISTICS,
    )

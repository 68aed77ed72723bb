"""The board summary as a PDF: the same rows as the page, then each measure's full chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import weasyprint
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup
from weasyprint.urls import URLFetcher

from kaizen.measures import icons
from kaizen.measures.models import Measure
from kaizen.measures.reading import reading
from kaizen.measures.summary import SummaryRow
from kaizen.measures.window import Window, window
from kaizen_spc.svg import render_svg


def local_only_fetcher() -> URLFetcher:
    """WeasyPrint's fetcher, limited to embedded and local resources: a report must never
    reach out to the network (or to an internal address a URL in the data might name)."""
    return URLFetcher(allowed_protocols=("data", "file"), allow_redirects=False, timeout=2)


def chart_pages(rows: Sequence[SummaryRow]) -> list[dict[str, Any]]:
    pages = []
    for row in rows:
        result = row.measure.spc_result()
        # A long series is drawn by its latest points; the reading is of the whole.
        shown = window(result)
        pages.append(
            {
                "row": row,
                "svg": chart_svg(row.measure, shown),
                "reading": reading(row.measure, result),
                "window": shown,
            }
        )
    return pages


def chart_svg(measure: Measure, shown: Window) -> Markup:
    result = shown.result
    if not result.points:
        return Markup("")
    svg = render_svg(
        result,
        # The page's heading names the measure; a title inside the chart would repeat it.
        unit=measure.unit_label,
        target=measure.target,
        show_2s=measure.show_2s,
        annotations=[
            (note.period, note.text)
            for note in measure.annotations.all()
            if shown.shows(note.period)
        ],
        width=680,
        height=260,
    )
    # kaizen_spc escapes every text it writes into the SVG.
    return Markup(svg)


def summary_pdf(request: HttpRequest, rows: Sequence[SummaryRow]) -> bytes:
    html = render_to_string(
        "measures/summary_pdf.jinja",
        {"rows": rows, "charts": chart_pages(rows), "icons": icons, "today": timezone.localdate()},
        request=request,
    )
    document = weasyprint.HTML(string=html, url_fetcher=local_only_fetcher(), base_url="file:///")
    return document.write_pdf()  # type: ignore[no-any-return]

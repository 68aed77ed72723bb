"""A training certificate as a PDF, drawn by WeasyPrint from a template with no network."""

from __future__ import annotations

import weasyprint
from django.template.loader import render_to_string

from kaizen.measures.pdf import local_only_fetcher
from kaizen.training.models import TrainingRecord


def pdf(record: TrainingRecord) -> bytes:
    html = render_to_string("training/certificate_pdf.jinja", {"record": record})
    document = weasyprint.HTML(string=html, url_fetcher=local_only_fetcher())
    return document.write_pdf() or b""

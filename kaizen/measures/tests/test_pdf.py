"""The board summary as a PDF, printed with nothing fetched from the network."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import weasyprint
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.measures.pdf import local_only_fetcher
from kaizen.testing import STEP_VALUES, MeasureFactory

ClientFor = Callable[[User], Client]


def get_pdf(client: Client, org: Organisation, **query: str) -> bytes:
    response = client.get(reverse("measures:board_summary_pdf", kwargs={"org": org.slug}), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in output.stdout.splitlines() if ":" in line)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_it_prints_the_summary_and_each_chart(
    org: Organisation,
    make_measure: MeasureFactory,
    board_user: User,
    client_for: ClientFor,
    tmp_path: Path,
) -> None:
    for number in range(4):
        make_measure(org, STEP_VALUES, name=f"Measure {number}", target=85.0, on_board=True)
    pdf = get_pdf(client_for(board_user), org)
    assert pdf.startswith(b"%PDF")
    # The summary table, then the four charts over further pages.
    assert int(pdf_info(pdf, tmp_path)["Pages"]) >= 3
    text = pdf_text(pdf, tmp_path)
    assert "Integrated quality report" in text
    assert "special cause improvement since April 2024" in text
    assert text.count("Measure 3") >= 2


def test_it_prints_only_the_filtered_measures(
    org: Organisation,
    make_measure: MeasureFactory,
    board_user: User,
    client_for: ClientFor,
    tmp_path: Path,
) -> None:
    make_measure(org, STEP_VALUES, name="Waiting times", kind="outcome", on_board=True)
    make_measure(org, STEP_VALUES, name="Discharges before noon", kind="process", on_board=True)
    text = pdf_text(get_pdf(client_for(board_user), org, kind="process"), tmp_path)
    assert "Discharges before noon" in text
    assert "Waiting times" not in text


def test_an_empty_report_still_prints(
    org: Organisation, board_user: User, client_for: ClientFor
) -> None:
    assert get_pdf(client_for(board_user), org).startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    ["http://example.org/logo.png", "https://169.254.169.254/latest", "ftp://host/file"],
)
def test_the_printer_fetches_nothing_from_the_network(url: str) -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        local_only_fetcher().fetch(url)


def test_the_printer_reads_embedded_data() -> None:
    response = local_only_fetcher().fetch("data:text/plain;base64,S2FpemVu")
    assert response.read() == b"Kaizen"


def test_a_report_naming_a_remote_image_prints_without_fetching_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "urllib.request.OpenerDirector.open", lambda self, request, **kw: opened.append(request)
    )
    html = '<p>Report</p><img src="http://example.org/track.png" alt="">'
    pdf = weasyprint.HTML(string=html, url_fetcher=local_only_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert opened == []

"""The portfolio export makes a project's formula-like text plain text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.testing import make_project

ClientFor = Callable[[User], Client]


def test_the_portfolio_export_escapes_formula_text(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    make_project(org, staff_user, title='=HYPERLINK("http://evil","Falls")', aim_what="-1+1")
    response = client_for(staff_user).get("/o/riverside/projects/", {"format": "csv"})
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'-1+1" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)

"""One set of rules for a data point's numbers, whichever way it arrives: the same answer and
the same message from the model, the entry page, the service and an upload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.imports.checks import Kind, MeasureRef, check_table
from kaizen.imports.tables import read_table
from kaizen.measures import services
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.validation import check_point

ClientFor = Callable[[User], Client]
PERIOD = dt.date(2024, 1, 1)
N = None

# chart, value, numerator, denominator, then the kind of problem (None: valid) and its field.
GRID = [
    # P and P′: a proportion of whole numbers, 0 <= numerator <= denominator, denominator > 0.
    ("p", N, 80, 100, None, ""),
    ("p", N, 0, 100, None, ""),
    ("p", N, 100, 100, None, ""),
    ("pp", N, 101, 100, Kind.NUMERATOR_ABOVE_DENOMINATOR, "numerator"),
    ("p", N, -1, 100, Kind.NEGATIVE, "numerator"),
    ("p", N, 5, -10, Kind.NEGATIVE, "denominator"),
    ("p", N, 0, 0, Kind.ZERO_DENOMINATOR, "denominator"),
    ("p", N, 80.5, 100, Kind.NOT_WHOLE, "numerator"),
    ("p", N, 80, 100.5, Kind.NOT_WHOLE, "denominator"),
    ("p", 0.8, N, N, Kind.MISSING_VALUE, "numerator"),
    ("p", N, 80, N, Kind.MISSING_VALUE, "numerator"),
    # U and U′: whole events over any positive exposure, and a rate may exceed 1.
    ("u", N, 9, 0.5, None, ""),
    ("up", N, 9, 3, None, ""),
    ("u", N, 9.5, 3, Kind.NOT_WHOLE, "numerator"),
    ("u", N, -2, 3, Kind.NEGATIVE, "numerator"),
    ("u", N, 2, 0, Kind.ZERO_DENOMINATOR, "denominator"),
    # C and G count events; T times between them.
    ("c", 4, N, N, None, ""),
    ("c", 4.5, N, N, Kind.NOT_WHOLE, "value"),
    ("c", -1, N, N, Kind.NEGATIVE, "value"),
    ("g", 12, N, N, None, ""),
    ("g", 2.5, N, N, Kind.NOT_WHOLE, "value"),
    ("t", 2.5, N, N, None, ""),
    ("t", -0.5, N, N, Kind.NEGATIVE, "value"),
    # XmR, run and moving range: any number, or a numerator over a denominator given together.
    ("xmr", -4.5, N, N, None, ""),
    ("run", 0.25, N, N, None, ""),
    ("mr", 3, N, N, None, ""),
    ("xmr", N, 3, 4, None, ""),
    ("xmr", N, 3.5, 4, None, ""),
    ("xmr", N, N, N, Kind.MISSING_VALUE, "value"),
    ("xmr", 4, 3, N, Kind.MISSING_VALUE, "denominator"),
    ("xmr", N, N, 4, Kind.MISSING_VALUE, "numerator"),
    ("xmr", N, -3, 4, Kind.NEGATIVE, "numerator"),
    ("run", 1, 3, 0, Kind.ZERO_DENOMINATOR, "denominator"),
]

Case = tuple[str, float | None, float | None, float | None, Kind | None, str]


def expected_message(case: Case) -> str:
    chart, value, numerator, denominator, kind, _ = case
    _, problems = check_point(chart, value, numerator, denominator)
    assert [problem.kind.value for problem in problems[:1]] == ([kind.value] if kind else [])
    return problems[0].message if problems else ""


def refusal(call: Callable[[], None]) -> dict[str, list[str]]:
    """The messages by field of the ValidationError ``call`` raises; none when it succeeds."""
    try:
        call()
    except ValidationError as error:
        return error.message_dict
    return {}


def text(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


@pytest.mark.parametrize("case", GRID, ids=lambda case: "-".join(map(str, case[:4])))
def test_every_entry_point_gives_the_same_answer_and_message(
    case: Case, org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    chart, value, numerator, denominator, kind, field = case
    message = expected_message(case)
    measure = Measure.objects.create(
        organisation=org, name="Measure", chart=chart, owner=staff_user
    )

    # The model, as the admin and any service see it.
    point = DataPoint(
        measure=measure, period=PERIOD, value=value, numerator=numerator, denominator=denominator
    )
    assert refusal(point.full_clean) == ({field: [message]} if kind else {})

    # The service the entry page and the API write through.
    numbers = {"value": value, "numerator": numerator, "denominator": denominator}

    def save() -> None:
        services.datapoint_save(
            measure=measure,
            period=PERIOD,
            value=value,
            numerator=numerator,
            denominator=denominator,
            by=staff_user,
        )

    assert refusal(save) == ({field: [message]} if kind else {})
    assert DataPoint.objects.exists() != bool(kind)
    DataPoint.objects.all().delete()

    # The entry page.
    path = reverse("measures:datapoint_save", kwargs={"org": org.slug, "pk": measure.pk})
    form = {name: text(number) for name, number in numbers.items()}
    response = client_for(staff_user).post(
        path, {"period": PERIOD.isoformat(), **form}, headers={"HX-Request": "true"}
    )
    page = unescape(response.content.decode())
    if kind:
        assert message in page
    else:
        assert "There is a problem" not in page
    assert DataPoint.objects.exists() != bool(kind)
    DataPoint.objects.all().delete()

    # An upload.
    cells = ",".join(text(number) for number in numbers.values())
    csv = f"period,value,numerator,denominator\n{PERIOD},{cells}\n"
    ref = MeasureRef(measure.pk, measure.name, chart, measure.frequency)
    checked = check_table(read_table(csv.encode(), "data.csv"), [ref], today=PERIOD, only=ref)
    assert [problem.kind for problem in checked.problems] == ([kind] if kind else [])
    if kind:
        # The same message, with the figures where a list of rows has no field to stand by.
        _, problems = check_point(chart, value, numerator, denominator)
        assert checked.problems[0].message == (problems[0].detail or message)
    else:
        row = checked.rows[0]
        assert (row.value, row.numerator, row.denominator) == (
            None if chart in ("p", "pp", "u", "up") else value,
            numerator,
            denominator,
        )

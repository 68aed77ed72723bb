"""Measures, their data and their annotations, and the SPC chart each one keeps up to date."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Lower
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, ValueStream
from kaizen.measures.icons import ASSURANCE_LABELS, VARIATION_LABELS
from kaizen.measures.validation import check_point, plotted
from kaizen.measures.window import latest
from kaizen_spc import spc
from kaizen_spc.svg import render_sparkline_svg
from kaizen_spc.types import (
    CHART_TYPES,
    RATIO_CHARTS,
    RULE_SETS,
    ChartType,
    Direction,
    Point,
    RuleSet,
    SeriesResult,
    SPCOptions,
    Summary,
)

WEEKDAYS = [
    (number, name)
    for number, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
]
# Bump when the snapshot's layout changes, so old snapshots are recomputed rather than misread.
SNAPSHOT_FORMAT = 1
POINT_FIELDS = Point._fields
assert POINT_FIELDS[0] == "period"


def _headline_icon(key: str, codes: Iterable[str], **only_when: Any) -> models.Case:
    """The headline summary's icon code, or "" (for no icon, or anything else stored there)."""
    return models.Case(
        models.When(
            models.Q(**{f"spc_headline__summary__{key}__in": [c for c in codes if c]}, **only_when),
            then=KT(f"spc_headline__summary__{key}"),
        ),
        default=models.Value(""),
        output_field=models.CharField(max_length=30),
    )


class MeasureQuerySet(models.QuerySet["Measure"]):
    def for_organisation(self, organisation: Organisation) -> MeasureQuerySet:
        return self.filter(organisation=organisation)

    def in_unit(self, unit: OrgUnit) -> MeasureQuerySet:
        """Measures of this unit and of every unit below it."""
        return self.filter(unit_id__in=unit.subtree_ids())

    def filtered(
        self,
        *,
        unit: OrgUnit | None = None,
        value_stream: ValueStream | None = None,
        kind: str = "",
        frequency: str = "",
        variation: str = "",
        search: str = "",
    ) -> MeasureQuerySet:
        measures = self.in_unit(unit) if unit else self
        if value_stream:
            measures = measures.filter(value_stream=value_stream)
        if kind:
            measures = measures.filter(kind=kind)
        if frequency:
            measures = measures.filter(frequency=frequency)
        if variation:
            # Read from the stored headline, so thousands of measures filter in the database.
            measures = measures.filter(variation_icon=variation)
        if search := search.strip():
            measures = measures.filter(
                models.Q(name__icontains=search) | models.Q(code__icontains=search)
            )
        return measures

    def for_summary(self) -> MeasureQuerySet:
        # The board summary reads everything it shows from the snapshot: no data points, no SPC.
        return self.select_related("unit", "value_stream").only(
            "organisation_id",
            "name",
            "unit_label",
            "kind",
            "frequency",
            "improvement",
            "target",
            "chart",
            "rules",
            "multiplier",
            "show_2s",
            "baseline_points",
            "data_version",
            "spc_headline",
            "dismissed_advice",
            "owner_id",
            "on_board",
            "unit__name",
            "unit__organisation_id",
            "value_stream__name",
        )


class Measure(models.Model):
    """A measure with its operational definition: what is counted, how, how often, and why."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        YEARLY = "yearly", "Yearly"

    class Improvement(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"
        NEUTRAL = "neutral", "Neither (monitor only)"

    CHART_CHOICES = [
        ("xmr", "XmR (individuals) chart"),
        ("run", "Run chart"),
        ("p", "P chart (proportion)"),
        ("pp", "P′ chart (proportion, large samples)"),
        ("u", "U chart (rate)"),
        ("up", "U′ chart (rate, large samples)"),
        ("c", "C chart (count)"),
        ("g", "G chart (cases between events)"),
        ("t", "T chart (time between events)"),
        ("mr", "Moving range chart"),
    ]
    RULE_CHOICES = [
        ("", "The chart's default"),
        ("mdc", "Making Data Count"),
        ("anhoej", "Anhøj (run chart rules)"),
        ("ihi", "IHI run chart rules"),
    ]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="measures"
    )
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    value_stream = models.ForeignKey(
        ValueStream, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    name = models.CharField(max_length=200)
    # The publisher's indicator code (plus breakdown and organisation), stable across renames:
    # imports find a measure again by its code, never by a display name two measures may share.
    code = models.CharField(max_length=200, blank=True)
    description = models.TextField("what it measures and why", blank=True)
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    unit_label = models.CharField("unit", max_length=50, blank=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OUTCOME)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    # The day a weekly measure's weeks start on (0 Monday to 6 Sunday): a week's figure is kept
    # under that day, as the publisher dates it (NHS England's weekly files end on a Sunday).
    week_starts = models.PositiveSmallIntegerField(
        "weeks start on", choices=WEEKDAYS, default=0, help_text="For a weekly measure"
    )
    improvement = models.CharField(
        "direction of improvement",
        max_length=20,
        choices=Improvement.choices,
        default=Improvement.INCREASE,
    )
    target = models.FloatField(null=True, blank=True)
    chart = models.CharField("chart type", max_length=10, choices=CHART_CHOICES, default="xmr")
    rules = models.CharField("rule set", max_length=10, choices=RULE_CHOICES, blank=True)
    # Applied to values and limits, e.g. 100 to show a proportion as a percentage.
    multiplier = models.FloatField(default=1.0)
    show_2s = models.BooleanField("show 2-sigma lines", default=False)
    baseline_points = models.PositiveIntegerField(
        "fix limits from the first n points", null=True, blank=True
    )
    data_source = models.CharField(max_length=300, blank=True)
    # The key of the programme indicator that computes this measure from Kaizen's own records
    # (blank for a measure people enter or upload). A computed measure's data, definition and
    # existence belong to its indicator: see services.refuse_computed.
    computed = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_measures",
    )
    # Besides its owner (the person above, or the team of its `unit`), who may add its figures.
    data_entry = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="data_entry_measures",
        verbose_name="data-entry group",
        help_text="People who add its figures besides its owner and the owning team",
    )
    # Measures the board reads: only coaches and admins change their definition or target,
    # and say why (kaizen/measures/permissions.py).
    on_board = models.BooleanField("on the board's report", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts every change to the data, annotations or options; the snapshot records the
    # version it was computed from, so a stale snapshot is never shown as current.
    data_version = models.PositiveIntegerField(default=0)
    # The SPC result (summary, compact points, sparkline) kept so that lists and the board
    # summary never run SPC per request. Written only by services.measure_refresh.
    spc_snapshot = models.JSONField(default=dict, blank=True)
    # The few figures of the snapshot a summary row shows (no points), so that reading 200
    # measures does not decode 200 charts' worth of points.
    spc_headline = models.JSONField(default=dict, blank=True)
    # The headline's icons as columns the database keeps in step with it, whichever code writes
    # the headline: the list and the board summary sort, page and count 10,000 measures by them
    # without reading any JSON. A measure without data shows no variation.
    variation_icon = models.GeneratedField(
        expression=_headline_icon(
            "variation_icon", VARIATION_LABELS, spc_headline__summary__n__gt=0
        ),
        output_field=models.CharField(max_length=30),
        db_persist=True,
    )
    assurance_icon = models.GeneratedField(
        expression=_headline_icon("assurance_icon", ASSURANCE_LABELS),
        output_field=models.CharField(max_length=30),
        db_persist=True,
    )
    # The chart advisor's suggestions the owner dismissed, as "chart:kind", so they stay away
    # until the chart type changes.
    dismissed_advice = models.JSONField(default=list, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organisation", "name"]),
            models.Index(fields=["organisation", "variation_icon"]),
            models.Index(fields=["organisation", "assurance_icon"]),
        ]
        # One measure per name in an organisation: an upload names the measure it feeds.
        constraints = [
            models.UniqueConstraint(
                "organisation",
                "code",
                condition=~models.Q(code=""),
                name="measure_code_unique_in_organisation",
                violation_error_message="Another measure of this organisation has this code",
            ),
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="unique_measure_name_per_organisation",
                violation_error_message="The organisation already has a measure with this name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.chart in RATIO_CHARTS

    @property
    def centre_name(self) -> str:
        # Run charts and g charts draw the median as their centre line (as qicharts2 does).
        return "Median" if self.chart in ("run", "g") else "Mean"

    def clean(self) -> None:
        # A ratio chart over values entered without their numerator and denominator would
        # silently plot nothing.
        if self.pk and self.is_ratio:
            incomplete = self.datapoints.filter(
                models.Q(numerator__isnull=True) | models.Q(denominator__isnull=True)
            )
            if incomplete.exists():
                raise ValidationError(
                    {
                        "chart": f"{incomplete.count()} of the values have no numerator and "
                        "denominator, which this chart needs for every period"
                    }
                )

    def display(self, value: float | None) -> str:
        """A value as people read it: a few significant figures and its unit."""
        unit = self.unit_label.strip()
        number = self.number(value)
        return f"{number} {unit}" if unit and unit != "%" and value is not None else number

    def number(self, value: float | None) -> str:
        """A value for a table whose heading names the unit: "%" is kept, other units left out."""
        if value is None:
            return "–"
        decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
        text = f"{value:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text}%" if self.unit_label.strip() == "%" else text

    def period_start(self, day: dt.date) -> dt.date:
        """The start of the period ``day`` falls in: the date a figure for it is stored under."""
        return period_start(self.frequency, day, self.week_starts)

    def period_hint(self) -> str:
        return PERIOD_HINTS[self.frequency].format(weekday=WEEKDAYS[self.week_starts][1])

    def period_label(self, period: dt.date | int | None) -> str:
        if period is None:
            return ""
        if isinstance(period, int):
            return str(period)
        if self.frequency == self.Frequency.YEARLY:
            return f"{period:%Y}"
        if self.frequency in (self.Frequency.MONTHLY, self.Frequency.QUARTERLY):
            return f"{period:%B %Y}"
        return f"{period:%-d %B %Y}"

    def spc_options(self, marks: list[LimitMark] | None = None) -> SPCOptions:
        """The chart's options; ``marks`` are its LIMIT_MARKS rows when the caller has read them
        already (for many measures at once), else they are read here."""
        if marks is None:
            marks = list(
                self.annotations.filter(LIMIT_MARKS)
                .order_by("period")
                .values_list("period", "starts_segment", "fixes_baseline")
            )
        rebase = tuple(period for period, starts, _ in marks if starts)
        fixed = [period for period, _, fixes in marks if fixes]
        return SPCOptions(
            chart=self.chart_type,
            rules=self.rule_set,
            improvement=self.direction,
            target=self.target,
            rebase=rebase,
            baseline=self.baseline_length(rebase, fixed[-1]) if fixed else self.baseline_points,
            multiply=self.multiplier,
        )

    def baseline_length(self, rebase: tuple[dt.date, ...], fixed_at: dt.date) -> int | None:
        """The points from the start of the segment holding ``fixed_at`` up to that date.

        kaizen_spc fixes the limits of every segment on its first n points, so later
        segments take the same number.
        """
        points = self.datapoints.filter(period__lte=fixed_at)
        if since := max((period for period in rebase if period <= fixed_at), default=None):
            points = points.filter(period__gte=since)
        return points.count() or None

    @property
    def chart_type(self) -> ChartType:
        assert self.chart in CHART_TYPES, self.chart
        return self.chart

    @property
    def rule_set(self) -> RuleSet | None:
        assert self.rules in (*RULE_SETS, ""), self.rules
        return self.rules or None  # type: ignore[return-value]

    @property
    def direction(self) -> Direction:
        return self.improvement  # type: ignore[return-value]

    def series(self) -> tuple[list[dt.date], list[float | None], list[float | None] | None]:
        """Periods, values and (for ratio charts) denominators, as kaizen_spc takes them."""
        rows = list(
            self.datapoints.order_by("period").values_list(
                "period", "value", "numerator", "denominator"
            )
        )
        periods = [row[0] for row in rows]
        if self.is_ratio:
            return periods, [row[2] for row in rows], [row[3] for row in rows]
        return periods, [plotted(*row[1:]) for row in rows], None

    def compute_spc(self) -> SeriesResult:
        periods, values, denominators = self.series()
        return spc(periods, values, denominators, options=self.spc_options())

    def has_current_snapshot(self) -> bool:
        return self._is_current(self.spc_snapshot)

    def _is_current(self, stored: dict[str, Any] | None) -> bool:
        stored = stored or {}
        return stored.get("format") == SNAPSHOT_FORMAT and stored.get("version") == (
            self.data_version
        )

    def current_headline(self) -> dict[str, Any]:
        """The stored headline, or one taken from the (possibly recomputed) snapshot."""
        if self._is_current(self.spc_headline):
            return self.spc_headline  # type: ignore[no-any-return]
        snapshot = self.current_snapshot()
        return headline_from_snapshot(snapshot, result_from_snapshot(snapshot))

    def current_snapshot(self) -> dict[str, Any]:
        """The stored snapshot, or (if the data changed without a refresh) one computed now."""
        if self.has_current_snapshot():
            return self.spc_snapshot  # type: ignore[no-any-return]
        return snapshot_from_result(self.compute_spc(), version=self.data_version)

    def spc_result(self) -> SeriesResult:
        """The chart from the snapshot when it is current, else computed now."""
        if self.has_current_snapshot():
            return result_from_snapshot(self.spc_snapshot)
        return self.compute_spc()


# The annotations that move a chart's limits, as (period, starts_segment, fixes_baseline).
LIMIT_MARKS = models.Q(starts_segment=True) | models.Q(fixes_baseline=True)
LimitMark = tuple[dt.date, bool, bool]


class DataPoint(models.Model):
    """One period's figure: a value, or a numerator over a denominator."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="datapoints")
    period = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint("measure", "period", name="one_datapoint_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period}: {self.plotted_value()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period and self.period > timezone.localdate():
            errors["period"] = "The period must be today or in the past"
        numbers, problems = check_point(
            self.measure.chart, self.value, self.numerator, self.denominator
        )
        self.value, self.numerator, self.denominator = numbers
        for problem in problems:
            errors.setdefault(problem.field, problem.message)
        if errors:
            raise ValidationError(errors)

    def plotted_value(self) -> float | None:
        return plotted(self.value, self.numerator, self.denominator)


class Annotation(models.Model):
    """A dated note on a measure's chart; it may start a new segment (recalculated limits)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    period = models.DateField()
    text = models.CharField(max_length=300)
    starts_segment = models.BooleanField("recalculate limits from here", default=False)
    fixes_baseline = models.BooleanField("fix the limits on the points up to here", default=False)
    # For a change marked by another app (projects marks a change's start, and links its marks
    # to the change in a model of its own): what the change has shown on this measure so far,
    # and the page that says more. That app keeps them current.
    outcome = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "id"]

    def __str__(self) -> str:
        return f"{self.period}: {self.text}"

    @property
    def changes_limits(self) -> bool:
        return self.starts_segment or self.fixes_baseline

    @property
    def marks_a_change(self) -> bool:
        """A change being tested, placed and kept up to date by the app that tests it."""
        return bool(self.url) and not self.changes_limits

    def hover_text(self) -> str:
        return f"{self.text} ({self.outcome})" if self.outcome else self.text


# Cached: an upload asks for every row's period, and a file holds few distinct dates.
@functools.lru_cache(maxsize=65536)
def period_start(frequency: str, day: dt.date, week_starts: int = 0) -> dt.date:
    """The first day of the ``frequency`` period that ``day`` falls in (weeks start on the
    ``week_starts`` day, 0 for Monday), so that one period cannot hold two figures entered on
    different days."""
    if frequency == Measure.Frequency.WEEKLY:
        return day - dt.timedelta(days=(day.weekday() - week_starts) % 7)
    if frequency == Measure.Frequency.MONTHLY:
        return day.replace(day=1)
    if frequency == Measure.Frequency.QUARTERLY:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if frequency == Measure.Frequency.YEARLY:
        return dt.date(day.year, 1, 1)
    return day


PERIOD_HINTS: dict[str, str] = {
    Measure.Frequency.DAILY: "The day of the value",
    Measure.Frequency.WEEKLY: "Any day of the week: the value is kept under its {weekday}",
    Measure.Frequency.MONTHLY: "Any day of the month: the value is kept under its first day, "
    "for example 1 March 2025 for March 2025",
    Measure.Frequency.QUARTERLY: "Any day of the quarter: the value is kept under its first "
    "day (1 January, 1 April, 1 July or 1 October)",
    Measure.Frequency.YEARLY: "Any day of the year: the value is kept under 1 January",
}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def period_from_json(value: Any) -> dt.date | int | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def snapshot_from_result(result: SeriesResult, *, version: int) -> dict[str, Any]:
    """A JSON form of an SPC result: the summary as a mapping, each point as a compact row."""
    # Its fields are scalars (the warnings, a tuple, are listed below): read, not deep-copied
    # as asdict would (a sixth of the time of drawing a bulk import's 10,000 snapshots).
    summary = {f.name: _jsonable(getattr(result.summary, f.name)) for f in fields(result.summary)}
    summary["warnings"] = list(result.summary.warnings)
    # A point is a tuple of scalars whose one date is its period, the first field.
    points = [[_jsonable(point[0]), *point[1:]] for point in result.points]
    return {
        "format": SNAPSHOT_FORMAT,
        "version": version,
        "fields": list(POINT_FIELDS),
        "summary": summary,
        "points": points,
    }


# What the board summary shows of a piece of the chart advisor's advice (kaizen_spc.advisor).
ADVICE_FIELDS = ("kind", "message", "suggested_chart")


def headline_from_snapshot(
    snapshot: dict[str, Any], result: SeriesResult, advice: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The snapshot of ``result`` without its points, plus the latest plotted period and value,
    the sparkline, and the chart advisor's advice when the refresh gave it (``ADVICE_FIELDS`` of
    each, a recalculation left out: the chart's reading offers that itself), so the board
    summary need not compute it. The sparkline is kept here only, not in the snapshot too."""
    period_at, value_at = snapshot["fields"].index("period"), snapshot["fields"].index("value")
    last = next((row for row in reversed(snapshot["points"]) if row[value_at] is not None), None)
    return {
        "format": snapshot["format"],
        "version": snapshot["version"],
        "summary": snapshot["summary"],
        # Drawn from the latest points only: a word-sized chart of 40,000 points is 400 KB.
        "sparkline": render_sparkline_svg(latest(result)),
        "latest_period": last[period_at] if last else None,
        "latest_value": last[value_at] if last else None,
        "advice": [
            {name: one[name] for name in ADVICE_FIELDS}
            for one in advice or []
            if one["kind"] != "recalculate"
        ],
    }


def _point_period(value: str | int) -> dt.date | int:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def result_from_snapshot(snapshot: dict[str, Any]) -> SeriesResult:
    summary = dict(snapshot["summary"])
    summary["warnings"] = tuple(summary.get("warnings") or ())
    summary["suggested_rebase"] = period_from_json(summary.get("suggested_rebase"))
    if snapshot["fields"] == list(POINT_FIELDS):
        # Rows in Point's own order (every snapshot written now): built by position, which
        # for a 40,000-point measure is a third of a second faster than through a dict per row.
        points = tuple(Point(_point_period(row[0]), *row[1:]) for row in snapshot["points"])
    else:
        rows = (dict(zip(snapshot["fields"], row, strict=True)) for row in snapshot["points"])
        points = tuple(Point(**{**row, "period": period_from_json(row["period"])}) for row in rows)
    return SeriesResult(summary=Summary(**summary), points=points)

"""Improvement projects, run with fidelity to the organisation's chosen method.

A project has a structured aim, a team (patient partners included), a driver diagram whose leaves
are change ideas, and ramps of PDSA cycles under each idea. Verdicts ("did it work?") are stored on
the links between changes and measures so the portfolio can count them without recomputing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, ValueStream
from kaizen.activity.models import Activity, Comment
from kaizen.strategy.models import ProgrammeTag, StrategicPriority

if TYPE_CHECKING:
    from kaizen.accounts.models import User


class ImprovementMethod(models.Model):
    """An organisation's copy of a method template, adapted by its coaches."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="methods")
    key = models.SlugField(max_length=30)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # The method new projects use; exactly one per organisation once defaults are installed.
    is_current = models.BooleanField(default=False)
    tools = models.JSONField(default=list)
    checks = models.JSONField(default=list)

    class Meta:
        ordering = ["-is_current", "name"]
        constraints = [
            models.UniqueConstraint("organisation", "key", name="unique_method_key"),
            models.UniqueConstraint(
                "organisation",
                condition=Q(is_current=True),
                name="one_current_method_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def has_tool(self, tool: str) -> bool:
        return tool in self.tools

    def tool_labels(self) -> list[str]:
        from kaizen.projects.methods import TOOLS

        return [TOOLS[t] for t in self.tools if t in TOOLS]


class MethodStage(models.Model):
    method = models.ForeignKey(ImprovementMethod, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    # Keys of kaizen.projects.methods.PROJECT_FIELDS a project needs before entering this stage.
    required_fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["method", "order"]
        constraints = [models.UniqueConstraint("method", "order", name="unique_stage_order")]

    def __str__(self) -> str:
        return self.name

    def required_labels(self) -> list[str]:
        return [label for _, label in _field_labels(self.required_fields)]


class ProjectStatus(models.Model):
    """An organisation's own name for a status, mapped to a fixed kind the software understands."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        SUSTAINING = "sustaining", "Sustaining"
        CLOSED = "closed", "Closed"
        ABANDONED = "abandoned", "Abandoned"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="project_statuses"
    )
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "project statuses"
        constraints = [models.UniqueConstraint("organisation", "name", name="unique_status_name")]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_organisation(self, organisation: Organisation) -> ProjectQuerySet:
        return self.filter(organisation=organisation)

    def for_portfolio(self) -> models.QuerySet[Any, Any]:
        """Everything the portfolio table shows, in a fixed number of queries whatever its size.

        Counts are correlated subqueries rather than joined Counts, so a project's cycles and
        team members never multiply each other's rows.
        """
        open_cycles = PDSACycle.objects.filter(idea__project=OuterRef("pk"), closed_on__isnull=True)
        partners = TeamMember.objects.filter(
            project=OuterRef("pk"),
            is_patient_partner=True,
            involvement__in=TeamMember.CO_PRODUCING,
        )
        # Plain rows rather than model instances: building eight related objects per project
        # cost more than the SQL for a thousand projects.
        signals = MeasureLink.objects.filter(
            project=OuterRef("pk"), verdict=MeasureLink.Verdict.AS_PREDICTED
        )
        return self.annotate(
            active_cycles=_count(open_cycles),
            partner_count=_count(partners),
            signals=_count(signals),
        ).values(
            "pk",
            "title",
            "fidelity",
            "progress_score",
            "aim_what",
            "aim_for_whom",
            "aim_how_much",
            "aim_by_when",
            "active_cycles",
            "partner_count",
            "signals",
            status_name=F("status__name"),
            status_kind=F("status__kind"),
            method_name=F("method__name"),
            stage_name=F("stage__name"),
            unit_name=F("unit__name"),
            value_stream_name=F("value_stream__name"),
            priority_name=F("priority__name"),
            lead_name=Coalesce(
                NullIf(F("lead__full_name"), Value("")),
                F("lead__email"),
                output_field=models.CharField(),
            ),
        )


def _count(queryset: models.QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def tag_names(projects: models.QuerySet[Project, Any]) -> dict[int, list[str]]:
    """Programme tag names by project id, in one query: for a thousand projects this is
    several times faster than prefetch_related, which builds a queryset per project."""
    names: dict[int, list[str]] = {}
    through = Project.tags.through.objects.filter(project_id__in=projects.values("pk"))
    for project_id, name in through.values_list("project_id", "programmetag__name").order_by(
        "programmetag__name"
    ):
        names.setdefault(project_id, []).append(name)
    return names


class Project(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="projects"
    )
    method = models.ForeignKey(ImprovementMethod, on_delete=models.PROTECT, related_name="projects")
    stage = models.ForeignKey(
        MethodStage, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    status = models.ForeignKey(ProjectStatus, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=200)
    problem = models.TextField("The problem, in the team's words", blank=True)
    aim_what = models.CharField("What will improve", max_length=300, blank=True)
    aim_for_whom = models.CharField("For whom", max_length=300, blank=True)
    aim_how_much = models.CharField(
        "How much",
        max_length=200,
        blank=True,
        help_text="A measurable amount, e.g. from 40% to 20%",
    )
    aim_by_when = models.DateField("By when", null=True, blank=True)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_projects",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Area", null=True, blank=True, on_delete=models.SET_NULL
    )
    value_stream = models.ForeignKey(ValueStream, null=True, blank=True, on_delete=models.SET_NULL)
    priority = models.ForeignKey(
        StrategicPriority,
        verbose_name="Strategic priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    tags = models.ManyToManyField(ProgrammeTag, blank=True, related_name="projects")
    progress_score = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    # Percentage of the method's fidelity checks met, kept current by services so the portfolio
    # can filter on it without evaluating every project.
    fidelity = models.PositiveSmallIntegerField(default=0)
    started_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # The project's own comments and its feed (which also carries its ideas' and cycles' events).
    comments = GenericRelation(Comment)
    activities = GenericRelation(Activity)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["organisation", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.organisation.slug, self.pk])

    def default_followers(self) -> list[User]:
        """Who hears about the project without asking (kaizen.activity): its lead, sponsor and
        team members."""
        people: dict[int, Any] = {}
        for user in (self.lead, self.sponsor):
            if user is not None:
                people[user.pk] = user
        for member in self.team.select_related("user"):
            if member.user is not None:
                people[member.user.pk] = member.user
        return list(people.values())

    def aim_sentence(self) -> str:
        parts = [self.aim_what]
        if self.aim_for_whom:
            parts.append(f"for {self.aim_for_whom}")
        if self.aim_how_much:
            parts.append(self.aim_how_much)
        if self.aim_by_when:
            parts.append(f"by {self.aim_by_when:%-d %B %Y}")
        return " ".join(p for p in parts if p)

    def is_co_produced(self) -> bool:
        return any(m.is_co_producing for m in self.team.all())

    def missing_for_stage(self, stage: MethodStage, skip: Collection[str] = ()) -> list[str]:
        """Labels of the fields this project lacks for ``stage`` and every stage before it
        (``skip``: keys not to check, e.g. related rows a project being created cannot have)."""
        required: list[str] = []
        for earlier in stage.method.stages.filter(order__lte=stage.order):
            required += [f for f in earlier.required_fields if f not in required]
        return [
            label
            for key, label in _field_labels(required)
            if key not in skip and not self.has_field(key)
        ]

    def has_field(self, key: str) -> bool:
        related_presence = {
            "team": lambda: self.team.exists(),
            "measures": lambda: self.measure_links.exists(),
            "drivers": lambda: self.drivers.filter(parent__isnull=True).exists(),
            "change_ideas": lambda: self.ideas.exists(),
            "cycles": lambda: PDSACycle.objects.filter(idea__project=self).exists(),
        }
        if key in related_presence:
            return related_presence[key]()
        return bool(getattr(self, key if key not in _FK_FIELDS else f"{key}_id"))


_FK_FIELDS = {"sponsor", "lead", "unit", "value_stream", "priority"}


def _field_labels(keys: list[str]) -> list[tuple[str, str]]:
    from kaizen.projects.methods import PROJECT_FIELDS

    return [(k, PROJECT_FIELDS[k]) for k in keys if k in PROJECT_FIELDS]


class ProgressScore(models.Model):
    """One entry of the IHI progress score history (0.5 = intent to participate, 5 = outstanding
    sustainable results)."""

    SCORES = [Decimal(n) / 2 for n in range(1, 11)]
    LABELS = {
        Decimal("0.5"): "Intent to participate",
        Decimal("1.0"): "Charter and team established",
        Decimal("1.5"): "Planning for the project has begun",
        Decimal("2.0"): "Activity, but no changes",
        Decimal("2.5"): "Changes tested, but no improvement",
        Decimal("3.0"): "Modest improvement",
        Decimal("3.5"): "Improvement",
        Decimal("4.0"): "Significant improvement",
        Decimal("4.5"): "Sustainable improvement",
        Decimal("5.0"): "Outstanding sustainable results",
    }

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5"))],
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.score} on {self.recorded_at:%-d %B %Y}"

    def label(self) -> str:
        return self.LABELS.get(self.score, "")


class TeamMember(models.Model):
    class Involvement(models.TextChoices):
        INFORMED = "informed", "Informed"
        CONSULTED = "consulted", "Consulted"
        CO_DESIGNED = "co_designed", "Co-designed"
        CO_LED = "co_led", "Co-led"

    # A project with a partner at one of these levels counts as co-produced.
    CO_PRODUCING = (Involvement.CO_DESIGNED, Involvement.CO_LED)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Patient partners and others without an account are named here.
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=100, help_text="e.g. ward sister, data analyst")
    is_patient_partner = models.BooleanField(default=False)
    involvement = models.CharField(max_length=20, choices=Involvement.choices, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                condition=models.Q(user__isnull=False),
                name="one_seat_per_person_per_project",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.display_name if self.user else self.name

    @property
    def is_co_producing(self) -> bool:
        return self.is_patient_partner and self.involvement in self.CO_PRODUCING


class DriverNode(models.Model):
    """A primary driver (no parent) or a secondary driver (under a primary) of the aim."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drivers")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    text = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None


class ChangeIdeaQuerySet(models.QuerySet["ChangeIdea"]):
    def for_organisation(self, organisation: Organisation) -> ChangeIdeaQuerySet:
        return self.filter(project__organisation=organisation)


class ChangeIdea(models.Model):
    class Stage(models.TextChoices):
        TESTING = "testing", "Testing"
        IMPLEMENTING = "implementing", "Implementing"
        SPREADING = "spreading", "Spreading"
        ABANDONED = "abandoned", "Abandoned"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ideas")
    driver = models.ForeignKey(
        DriverNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.TESTING)
    stage_reason = models.CharField(max_length=300, blank=True)
    started_on = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChangeIdeaQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project_idea", args=[self.project.organisation.slug, self.pk])

    @property
    def organisation_id(self) -> int:
        # Lets the generic views (impact, activity) check the record is the organisation's.
        return self.project.organisation_id


class PDSACycleQuerySet(models.QuerySet["PDSACycle"]):
    def for_organisation(self, organisation: Organisation) -> PDSACycleQuerySet:
        return self.filter(idea__project__organisation=organisation)

    def open(self) -> PDSACycleQuerySet:
        return self.filter(closed_on__isnull=True)

    def due_for_study(self, today: dt.date) -> PDSACycleQuerySet:
        return self.open().filter(study_due__lte=today, studied_on__isnull=True)


# The fields each phase of a cycle records, in the order its form asks for them.
CYCLE_PHASE_FIELDS: dict[str, tuple[str, ...]] = {
    "plan": (
        "title",
        "objective",
        "questions",
        "prediction",
        "who",
        "what",
        "where",
        "planned_start",
        "planned_end",
        "data_to_collect",
        "recorded_after",
    ),
    "do": ("started_on", "study_due", "what_happened", "observations", "problems"),
    "study": ("results", "studied_on"),
    "act": ("decision", "decision_reason", "learned", "next_steps"),
}


class PDSACycle(models.Model):
    class Decision(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    idea = models.ForeignKey(ChangeIdea, on_delete=models.CASCADE, related_name="cycles")
    # Cycles form a ramp: each builds on the one before it.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_cycles"
    )
    number = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    # Plan
    objective = models.TextField()
    questions = models.TextField("Questions we want to answer", blank=True)
    prediction = models.TextField("What we predict will happen", blank=True)
    who = models.CharField(max_length=300, blank=True)
    what = models.TextField("What we will do", blank=True)
    where = models.CharField(max_length=300, blank=True)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    data_to_collect = models.TextField(blank=True)
    # When the prediction was first written down, to show it came before the test.
    predicted_at = models.DateTimeField(null=True, blank=True)
    # A cycle written up after it was run: its prediction cannot predate the start, so it
    # counts only if it was written before the results were entered.
    recorded_after = models.BooleanField(
        "Recorded after the fact",
        default=False,
        help_text="Tick if the test has already been run and you are writing it up now",
    )
    # Do
    started_on = models.DateField(null=True, blank=True)
    what_happened = models.TextField(blank=True)
    observations = models.TextField(blank=True)
    problems = models.TextField("Problems and unexpected effects", blank=True)
    # Study
    study_due = models.DateField(null=True, blank=True)
    results = models.TextField("Results compared with the prediction", blank=True)
    studied_on = models.DateField(null=True, blank=True)
    # When the results were first written down (set by services).
    results_at = models.DateTimeField(null=True, blank=True)
    # Act
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    learned = models.TextField("What we learned", blank=True)
    next_steps = models.TextField("The next cycle", blank=True)
    closed_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: every save through services bumps it and refuses a stale one.
    version = models.PositiveIntegerField(default=1)
    comments = GenericRelation(Comment)

    objects = PDSACycleQuerySet.as_manager()

    class Meta:
        ordering = ["idea", "number"]

    def __str__(self) -> str:
        return f"Cycle {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "projects:project_cycle", args=[self.idea.project.organisation.slug, self.pk]
        )

    @property
    def organisation_id(self) -> int:
        # Lets kaizen.activity check that a cycle followed or commented on is the
        # organisation's own.
        return self.idea.project.organisation_id

    def default_followers(self) -> list[User]:
        return self.idea.project.default_followers()

    @property
    def phase(self) -> str:
        if self.closed_on:
            return "Closed"
        if self.studied_on:
            return "Act"
        if self.started_on:
            return "Study" if self.what_happened else "Do"
        return "Plan"

    @property
    def predicted_before_start(self) -> bool:
        """Whether the prediction came first: before the start, or for a cycle recorded after
        the fact, before its results were entered."""
        if not self.prediction or self.predicted_at is None:
            return False
        if self.recorded_after:
            return self.results_at is None or self.predicted_at <= self.results_at
        return self.started_on is None or timezone.localdate(self.predicted_at) <= self.started_on


class MeasureLink(models.Model):
    """A measure a project, change idea or cycle should move, with the verdict on whether it did.

    A project-level link carries the measure's role in the family of measures; idea and cycle
    links carry the predicted direction and the latest verdict.
    """

    class Role(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"

    class Direction(models.TextChoices):
        INCREASE = "increase", "Increase"
        DECREASE = "decrease", "Decrease"

    class Verdict(models.TextChoices):
        AS_PREDICTED = "as_predicted", "Signal in the predicted direction"
        AGAINST = "against", "Signal against the prediction"
        NO_SIGNAL = "no_signal", "No signal yet"
        TOO_FEW = "too_few", "Too few points to tell"
        UNREADABLE = "unreadable", "The measure's data cannot be charted"
        NO_START = "", "Not started"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measure_links")
    idea = models.ForeignKey(
        ChangeIdea, null=True, blank=True, on_delete=models.CASCADE, related_name="measure_links"
    )
    cycle = models.ForeignKey(
        PDSACycle, null=True, blank=True, on_delete=models.CASCADE, related_name="measure_links"
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="project_links"
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    verdict_detail = models.CharField(max_length=300, blank=True)
    points_needed = models.PositiveSmallIntegerField(default=0)
    suggested_rebase = models.DateField(null=True, blank=True)
    rebase_accepted = models.BooleanField(default=False)
    verdict_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=True) | Q(cycle__isnull=True),
                name="measure_link_on_idea_or_cycle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.get_role_display() or self.get_direction_display()})"

    @property
    def change(self) -> PDSACycle | ChangeIdea | None:
        return self.cycle or self.idea

    def start_date(self) -> dt.date | None:
        if self.cycle is not None:
            return self.cycle.started_on or self.cycle.planned_start
        if self.idea is not None:
            return self.idea.started_on
        return None


class ChangeMark(models.Model):
    """An annotation this app placed on a measure's chart for a change being tested: where the
    change started, or where the team accepted the recalculation after it. The link is held
    here, by the app that depends on measures, so that measures knows nothing of changes."""

    annotation = models.OneToOneField(
        "measures.Annotation", on_delete=models.CASCADE, related_name="change_mark"
    )
    idea = models.ForeignKey(
        ChangeIdea, null=True, blank=True, on_delete=models.CASCADE, related_name="chart_marks"
    )
    cycle = models.ForeignKey(
        PDSACycle, null=True, blank=True, on_delete=models.CASCADE, related_name="chart_marks"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=True, cycle__isnull=False)
                | Q(idea__isnull=False, cycle__isnull=True),
                name="change_mark_on_idea_or_cycle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle or self.idea}: {self.annotation_id}"

"""Projects: the portfolio, a project's page, its team, measures, status and progress score."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.models import OrgUnit, ValueStream
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.activity import services as activity
from kaizen.activity.models import Activity
from kaizen.impact import services as impact
from kaizen.impact.views import panel_for
from kaizen.measures.csv_export import csv_response
from kaizen.projects import services
from kaizen.projects.fidelity import fidelity_checks
from kaizen.projects.forms import (
    CommentForm,
    MeasureLinkForm,
    ProjectForm,
    ScoreForm,
    StatusForm,
    TeamMemberForm,
    posted_id,
)
from kaizen.projects.models import (
    ChangeIdea,
    ImprovementMethod,
    MeasureLink,
    MethodStage,
    PDSACycle,
    Project,
    ProjectStatus,
    TeamMember,
    tag_names,
)
from kaizen.projects.permissions import can_change_project, require_project_change
from kaizen.strategy.models import ProgrammeTag, StrategicPriority
from kaizen.web import add_errors, post_action

FIDELITY_BANDS = {"low": (0, 49), "medium": (50, 79), "high": (80, 100)}


def project_for(request: OrgRequest, pk: int) -> Project:
    """The project, only if it belongs to the request's organisation (404 otherwise)."""
    return get_object_or_404(
        Project.objects.select_related("method", "stage", "status", "organisation"),
        pk=pk,
        organisation=request.organisation,
    )


# ---------------------------------------------------------------------------------------------
# Portfolio


def _filtered_portfolio(request: OrgRequest) -> tuple[Any, dict[str, str]]:
    params = {key: request.GET.get(key, "") for key in PORTFOLIO_FILTERS}
    projects = Project.objects.for_organisation(request.organisation).for_portfolio()
    filters = {
        "unit": "unit_id",
        "value_stream": "value_stream_id",
        "priority": "priority_id",
        "tag": "tags",
        "kind": "status__kind",
        "method": "method_id",
    }
    for key, lookup in filters.items():
        if params[key]:
            projects = projects.filter(**{lookup: params[key]})
    if params["fidelity"] in FIDELITY_BANDS:
        low, high = FIDELITY_BANDS[params["fidelity"]]
        projects = projects.filter(fidelity__gte=low, fidelity__lte=high)
    if params["q"]:
        projects = projects.filter(
            Q(title__icontains=params["q"]) | Q(problem__icontains=params["q"])
        )
    return projects, params


PORTFOLIO_FILTERS = ("unit", "value_stream", "priority", "tag", "kind", "method", "fidelity", "q")


@org_member_required(Capability.VIEW)
def project_list(request: OrgRequest) -> HttpResponse:
    projects, params = _filtered_portfolio(request)
    if request.GET.get("format") == "csv":
        return _portfolio_csv(projects)
    rows = list(projects)
    tags = tag_names(projects)
    verdict_counts = dict(
        MeasureLink.objects.filter(project__in=projects.values("pk"))
        .exclude(verdict="")
        .values_list("verdict")
        .annotate(n=Count("pk"))
    )
    organisation = request.organisation
    context = {
        "projects": [(row, tags.get(row["pk"], [])) for row in rows],
        "params": params,
        "totals": {
            "projects": len(rows),
            "active_cycles": sum(row["active_cycles"] for row in rows),
            "co_produced": sum(1 for row in rows if row["partner_count"]),
            "fidelity": round(sum(row["fidelity"] for row in rows) / len(rows)) if rows else 0,
        },
        "bands_count": {
            band: sum(1 for row in rows if low <= row["fidelity"] <= high)
            for band, (low, high) in FIDELITY_BANDS.items()
        },
        "verdicts": [
            (v, label, verdict_counts.get(v, 0)) for v, label in MeasureLink.Verdict.choices if v
        ],
        "impact_totals": _portfolio_impact(projects),
        "choices": {
            "unit": OrgUnit.objects.filter(organisation=organisation),
            "value_stream": ValueStream.objects.filter(organisation=organisation),
            "priority": StrategicPriority.objects.filter(organisation=organisation),
            "tag": ProgrammeTag.objects.filter(organisation=organisation),
            "method": ImprovementMethod.objects.filter(organisation=organisation),
        },
        "kinds": ProjectStatus.Kind.choices,
        "bands": list(FIDELITY_BANDS),
        "can_manage": request.membership.can(Capability.MANAGE_METHOD),
        "unread": activity.unread_count(user=request.user, organisation=organisation),
        # Every record's feed in the organisation; each line names its record (a project).
        "activities": Activity.objects.filter(organisation=organisation).prefetch_related("target")[
            :10
        ],
    }
    return render(request, "projects/list.jinja", context)


def _portfolio_impact(projects: Any) -> list[dict[str, Any]]:
    """The impact recorded on the portfolio's projects and on their change ideas, in total."""
    ids = projects.values("pk")
    changes = ChangeIdea.objects.filter(project__in=ids).values("pk")
    return impact.totals(impact.entries_on(Project, ids) | impact.entries_on(ChangeIdea, changes))


CSV_COLUMNS = {
    "pk": "id",
    "title": "title",
    "status_name": "status",
    "status_kind": "status kind",
    "method_name": "method",
    "stage_name": "stage",
    "unit_name": "area",
    "value_stream_name": "value stream",
    "priority_name": "strategic priority",
    "lead_name": "lead",
    "progress_score": "progress score",
    "fidelity": "fidelity %",
    "active_cycles": "active cycles",
    "signals": "changes with a signal as predicted",
    "aim_what": "aim: what",
    "aim_for_whom": "aim: for whom",
    "aim_how_much": "aim: how much",
    "aim_by_when": "aim: by when",
}


def _portfolio_csv(projects: Any) -> HttpResponse:
    tags = tag_names(projects)
    header = [*CSV_COLUMNS.values(), "programmes", "co-produced"]
    rows = (
        [
            *("" if row[key] is None else row[key] for key in CSV_COLUMNS),
            "; ".join(tags.get(row["pk"], [])),
            "yes" if row["partner_count"] else "no",
        ]
        for row in projects
    )
    return csv_response("portfolio.csv", [header, *rows])


# ---------------------------------------------------------------------------------------------
# A project


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def project_create(request: OrgRequest) -> HttpResponse:
    # Every organisation has a current method from its defaults (ProjectsConfig.org_defaults).
    method = get_object_or_404(
        ImprovementMethod, organisation=request.organisation, is_current=True
    )
    form = ProjectForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("tags", "version")}
        try:
            project = services.project_create(
                organisation=request.organisation,
                by=request.user,
                values=values,
                tags=list(form.cleaned_data["tags"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Started “{project.title}” with the {method.name}.")
            return redirect(project)
    first_stage = method.stages.first()
    return render(
        request,
        "projects/form.jinja",
        {"form": form, "method": method, "stage": first_stage, "project": None},
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def project_edit(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        initial={"version": project.version},
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("tags", "version")}
        try:
            services.project_update(
                project=project,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                values=values,
                tags=list(form.cleaned_data["tags"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved the project.")
            return redirect(project)
    return render(
        request,
        "projects/form.jinja",
        {"form": form, "method": project.method, "stage": project.stage, "project": project},
    )


@org_member_required(Capability.VIEW)
def project_detail(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    # Verdicts are kept current by the measure_changed signal and the services that change a
    # start date; a read never writes (`manage.py verdicts_repair` recomputes them all).
    checks = fidelity_checks(project)
    ideas = project.ideas.select_related("driver").annotate(
        cycle_count=Count("cycles"),
        open_cycles=Count("cycles", filter=Q(cycles__closed_on__isnull=True)),
    )
    links = project.measure_links.select_related("measure", "idea", "cycle__idea")
    context = {
        "project": project,
        "checks": checks,
        "met": sum(c.met for c in checks),
        "stages": project.method.stages.all(),
        "team": project.team.select_related("user"),
        "family": [link for link in links if link.idea_id is None and link.cycle_id is None],
        "change_links": [link for link in links if link.idea_id or link.cycle_id],
        "ideas": ideas,
        "drivers": project.drivers.filter(parent=None),
        "scores": project.scores.select_related("recorded_by")[:10],
        "activities": project.activities.select_related("actor")[:15],
        "comments": project.comments.select_related("author"),
        "follow": activity.follow_button(
            user=request.user, organisation=request.organisation, target=project
        ),
        "score_form": ScoreForm(initial={"score": project.progress_score}),
        "status_form": StatusForm(
            initial={"status": project.status_id}, organisation=request.organisation
        ),
        "measure_form": MeasureLinkForm(organisation=request.organisation),
        "comment_form": CommentForm(),
        # Controls show only to those who may change the project; others read and comment.
        "can_run": can_change_project(request.membership, project),
        "impact": panel_for(request, project),
    }
    return render(request, "projects/detail.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_stage(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    stage = get_object_or_404(
        MethodStage, pk=posted_id(request.POST, "stage"), method=project.method
    )
    return post_action(
        request,
        project,
        lambda: services.project_move_stage(project=project, stage=stage, by=request.user),
        f"Moved to “{stage.name}”.",
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_status(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    form = StatusForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
        return redirect(project)
    status = form.cleaned_data["status"]
    return post_action(
        request,
        project,
        lambda: services.project_set_status(project=project, status=status, by=request.user),
        f"Status set to “{status.name}”.",
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_score(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a progress score from 0.5 to 5.")
        return redirect(project)
    return post_action(
        request,
        project,
        lambda: services.progress_score_record(
            project=project,
            score=form.cleaned_data["score"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
        f"Recorded a progress score of {form.cleaned_data['score']}.",
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def project_team_add(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    form = TeamMemberForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.team_member_add(
                project=project, by=request.user, member=form.save(commit=False)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{member.display_name} joined the team.")
            return redirect(project)
    return render(request, "projects/team_form.jinja", {"form": form, "project": project})


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_team_remove(request: OrgRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(
        TeamMember.objects.select_related("project__organisation", "user"),
        pk=member_id,
        project__organisation=request.organisation,
    )
    require_project_change(request, member.project)
    return post_action(
        request,
        member.project,
        lambda: services.team_member_remove(member=member, by=request.user),
        f"{member.display_name} left the team.",
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_measure_add(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    form = MeasureLinkForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        messages.error(request, "Choose one of the organisation's measures.")
        return redirect(project)
    measure = form.cleaned_data["measure"]
    return post_action(
        request,
        project,
        lambda: services.measure_link_add(
            project=project, measure=measure, by=request.user, role=form.cleaned_data["role"]
        ),
        f"Linked “{measure.name}”.",
    )


@org_member_required(Capability.VIEW)  # every member may comment, the board included
@require_POST
def project_comment(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    body = request.POST.get("body", "")
    return post_action(
        request,
        project,
        lambda: services.comment_add(project=project, by=request.user, body=body),
        "Comment added.",
    )


# ---------------------------------------------------------------------------------------------
# Search over ideas and cycles, abandoned ones included


@org_member_required(Capability.VIEW)
def project_search(request: OrgRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    ideas: list[ChangeIdea] = []
    cycles: list[PDSACycle] = []
    if query:
        ideas = list(
            ChangeIdea.objects.for_organisation(request.organisation)
            .filter(
                Q(title__icontains=query)
                | Q(description__icontains=query)
                | Q(stage_reason__icontains=query)
            )
            .select_related("project")[:100]
        )
        text_fields = ("title", "objective", "prediction", "results", "learned", "decision_reason")
        match = Q()
        for name in text_fields:
            match |= Q(**{f"{name}__icontains": query})
        cycles = list(
            PDSACycle.objects.for_organisation(request.organisation)
            .filter(match)
            .select_related("idea__project")[:100]
        )
    return render(
        request, "projects/search.jinja", {"query": query, "ideas": ideas, "cycles": cycles}
    )

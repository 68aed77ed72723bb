"""Driver diagrams (an HTMX tree editor and an SVG drawing), change ideas and PDSA cycles."""

from __future__ import annotations

import zlib
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.activity import services as activity
from kaizen.impact.views import panel_for
from kaizen.projects import services
from kaizen.projects.diagram import driver_diagram_svg
from kaizen.projects.forms import (
    CYCLE_FORMS,
    CommentForm,
    CycleNewForm,
    IdeaForm,
    IdeaStageForm,
    MeasureLinkForm,
    posted_id,
)
from kaizen.projects.models import ChangeIdea, DriverNode, MeasureLink, PDSACycle, Project
from kaizen.projects.permissions import can_change_project, require_project_change
from kaizen.projects.views import project_for
from kaizen.web import add_errors, error_text, post_action

# ---------------------------------------------------------------------------------------------
# Driver diagram


def _node_for(request: OrgRequest, node_id: int) -> DriverNode:
    return get_object_or_404(
        DriverNode.objects.select_related("project"),
        pk=node_id,
        project__organisation=request.organisation,
    )


def _tree(request: OrgRequest, project: Project, error: str = "") -> HttpResponse:
    """The editable tree, whole page or (for HTMX) just the fragment that swaps in."""
    nodes = list(project.drivers.all())
    ideas = list(project.ideas.all())
    context = {
        "project": project,
        "primaries": [n for n in nodes if n.parent_id is None],
        "children": {n.pk: [c for c in nodes if c.parent_id == n.pk] for n in nodes},
        "ideas": {n.pk: [i for i in ideas if i.driver_id == n.pk] for n in nodes},
        "unplaced": [i for i in ideas if i.driver_id is None],
        # Changes with the tree, so the browser fetches the drawing again after each edit.
        "diagram_version": zlib.crc32(
            repr(
                [(n.pk, n.text, n.parent_id, n.order) for n in nodes]
                + [(i.pk, i.title, i.driver_id, i.stage) for i in ideas]
            ).encode()
        ),
        "error": error,
        "can_run": can_change_project(request.membership, project),
    }
    template = "projects/_driver_tree.jinja" if request.htmx else "projects/drivers.jinja"
    return render(request, template, context)


@org_member_required(Capability.VIEW)
def project_drivers(request: OrgRequest, pk: int) -> HttpResponse:
    return _tree(request, project_for(request, pk))


@org_member_required(Capability.VIEW)
def project_drivers_svg(request: OrgRequest, pk: int) -> HttpResponse:
    return HttpResponse(driver_diagram_svg(project_for(request, pk)), content_type="image/svg+xml")


def _tree_after(
    request: OrgRequest, project: Project, action: Callable[[], object]
) -> HttpResponse:
    """Run a tree edit, then answer with the fresh tree (HTMX) or a redirect (plain form)."""
    error = ""
    try:
        action()
    except ValidationError as exc:
        error = error_text(exc)
    if request.htmx:
        return _tree(request, project, error)
    if error:
        messages.error(request, error)
    return redirect("projects:project_drivers", request.organisation.slug, project.pk)


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_driver_add(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    parent_id = posted_id(request.POST, "parent")
    parent = _node_for(request, parent_id) if parent_id else None
    text = request.POST.get("text", "")
    return _tree_after(
        request,
        project,
        lambda: services.driver_add(project=project, parent=parent, text=text, by=request.user),
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_driver_rename(request: OrgRequest, node_id: int) -> HttpResponse:
    node = _node_for(request, node_id)
    require_project_change(request, node.project)
    text = request.POST.get("text", "")
    return _tree_after(
        request,
        node.project,
        lambda: services.driver_rename(node=node, text=text, by=request.user),
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_driver_delete(request: OrgRequest, node_id: int) -> HttpResponse:
    node = _node_for(request, node_id)
    require_project_change(request, node.project)
    return _tree_after(
        request, node.project, lambda: services.driver_delete(node=node, by=request.user)
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_driver_move(request: OrgRequest, node_id: int) -> HttpResponse:
    """Move up or down among its siblings, or under another primary driver (or to the top)."""
    node = _node_for(request, node_id)
    require_project_change(request, node.project)
    siblings = list(DriverNode.objects.filter(project_id=node.project_id, parent_id=node.parent_id))
    position = [s.pk for s in siblings].index(node.pk)
    parent: DriverNode | None = node.parent
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        position += -1 if direction == "up" else 1
    else:
        parent_id = posted_id(request.POST, "parent")
        parent = _node_for(request, parent_id) if parent_id else None
        position = 10**6  # the end of the new siblings
    return _tree_after(
        request,
        node.project,
        lambda: services.driver_move(
            node=node, parent=parent, position=max(position, 0), by=request.user
        ),
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_idea_place(request: OrgRequest, idea_id: int) -> HttpResponse:
    """Rename a change idea or hang it under another driver, from the tree. Ideas are never
    deleted here: an idea that did not work is abandoned, and stays searchable."""
    idea = _idea_for(request, idea_id)
    require_project_change(request, idea.project)
    driver_id = posted_id(request.POST, "driver")
    driver = _node_for(request, driver_id) if driver_id else None
    title = request.POST.get("title", idea.title)
    return _tree_after(
        request,
        idea.project,
        lambda: services.idea_place(idea=idea, driver=driver, title=title, by=request.user),
    )


# ---------------------------------------------------------------------------------------------
# Change ideas


def _idea_for(request: OrgRequest, idea_id: int) -> ChangeIdea:
    return get_object_or_404(
        ChangeIdea.objects.select_related("project__organisation", "driver"),
        pk=idea_id,
        project__organisation=request.organisation,
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def project_idea_edit(request: OrgRequest, idea_id: int) -> HttpResponse:
    idea = _idea_for(request, idea_id)
    require_project_change(request, idea.project)
    form = IdeaForm(request.POST or None, instance=idea, project=idea.project)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(idea=idea, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Saved “{idea.title}”.")
            return redirect(idea)
    return render(
        request, "projects/idea_form.jinja", {"form": form, "project": idea.project, "idea": idea}
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def project_idea_create(request: OrgRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    require_project_change(request, project)
    form = IdeaForm(
        request.POST or None, project=project, initial={"driver": request.GET.get("driver")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(project=project, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Added the change idea “{idea.title}”.")
            return redirect(idea)
    context = {"form": form, "project": project, "idea": None}
    return render(request, "projects/idea_form.jinja", context)


@org_member_required(Capability.VIEW)
def project_idea(request: OrgRequest, idea_id: int) -> HttpResponse:
    idea = _idea_for(request, idea_id)
    context = {
        "idea": idea,
        "project": idea.project,
        "cycles": idea.cycles.all(),
        "links": idea.measure_links.select_related("measure"),
        "stage_form": IdeaStageForm(initial={"stage": idea.stage}),
        "measure_form": MeasureLinkForm(organisation=request.organisation),
        "can_run": can_change_project(request.membership, idea.project),
        "impact": panel_for(request, idea),
    }
    return render(request, "projects/idea.jinja", context)


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_idea_stage(request: OrgRequest, idea_id: int) -> HttpResponse:
    idea = _idea_for(request, idea_id)
    require_project_change(request, idea.project)
    form = IdeaStageForm(request.POST)

    def set_stage() -> None:
        if not form.is_valid():
            raise ValidationError("Choose a stage.")
        services.idea_set_stage(
            idea=idea,
            stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )

    return post_action(
        request,
        idea,
        set_stage,
        lambda: f"“{idea.title}” is now {idea.get_stage_display().lower()}.",
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_change_measure(request: OrgRequest, kind: str, change_id: int) -> HttpResponse:
    """Link a measure to an idea or a cycle, with the direction the change should move it."""
    cycle, idea = None, None
    change: ChangeIdea | PDSACycle
    if kind == "cycle":
        change = cycle = _cycle_for(request, change_id)
        project = cycle.idea.project
    else:
        change = idea = _idea_for(request, change_id)
        project = idea.project
    require_project_change(request, project)
    form = MeasureLinkForm(request.POST, organisation=request.organisation)

    def link() -> None:
        if not form.is_valid():
            raise ValidationError("Choose one of the organisation's measures.")
        services.measure_link_add(
            project=project,
            measure=form.cleaned_data["measure"],
            by=request.user,
            idea=idea,
            cycle=cycle,
            direction=form.cleaned_data["direction"],
        )

    return post_action(request, change, link, "Linked the measure; the verdict is below.")


@org_member_required(Capability.RUN_PROJECTS)
@require_POST
def project_rebase_accept(request: OrgRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(
        MeasureLink.objects.select_related("measure", "cycle__idea", "idea", "project"),
        pk=link_id,
        project__organisation=request.organisation,
    )
    require_project_change(request, link.project)
    return post_action(
        request,
        link.change or link.project,
        lambda: services.rebase_accept(link=link, by=request.user),
        f"Recalculated the limits of “{link.measure.name}”.",
    )


# ---------------------------------------------------------------------------------------------
# PDSA cycles


def _cycle_for(request: OrgRequest, cycle_id: int) -> PDSACycle:
    return get_object_or_404(
        PDSACycle.objects.select_related("idea__project__organisation", "previous"),
        pk=cycle_id,
        idea__project__organisation=request.organisation,
    )


@org_member_required(Capability.RUN_PROJECTS)
@require_http_methods(["GET", "POST"])
def project_cycle_create(request: OrgRequest, idea_id: int) -> HttpResponse:
    idea = _idea_for(request, idea_id)
    require_project_change(request, idea.project)
    previous = idea.cycles.order_by("-number").first()
    form = CycleNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            cycle = services.cycle_create(idea=idea, by=request.user, values=values)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Planned cycle {cycle.number}.")
            return redirect(cycle)
    return render(
        request,
        "projects/cycle_new.jinja",
        {"form": form, "idea": idea, "project": idea.project, "previous": previous},
    )


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def project_cycle(request: OrgRequest, cycle_id: int) -> HttpResponse:
    """A cycle's page: each phase has its own form; a POST saves one phase (or closes the cycle,
    for Act) on the version the person opened."""
    cycle = _cycle_for(request, cycle_id)
    project = cycle.idea.project
    can_run = can_change_project(request.membership, project)
    phase = request.POST.get("phase", "")
    forms = {
        name: form_class(instance=cycle, initial={"version": cycle.version}, prefix=name)
        for name, form_class in CYCLE_FORMS.items()
    }
    if request.method == "POST":
        require_project_change(request, project)
        if phase not in CYCLE_FORMS:
            raise PermissionDenied("No such part of a cycle")
        form = CYCLE_FORMS[phase](request.POST, instance=cycle, prefix=phase)
        forms[phase] = form
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            save = services.cycle_close if phase == "act" else services.cycle_update
            try:
                save(
                    cycle=cycle,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    values=values,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Saved the {phase} of cycle {cycle.number}.")
                return redirect(cycle)
        # A failed save must not leave the unsaved values on the instance other forms show.
        cycle.refresh_from_db()
    context = {
        "cycle": cycle,
        "idea": cycle.idea,
        "project": project,
        "forms": forms,
        "open_phase": phase,
        "links": cycle.measure_links.select_related("measure"),
        "measure_form": MeasureLinkForm(organisation=request.organisation),
        "comments": cycle.comments.select_related("author"),
        "follow": activity.follow_button(
            user=request.user, organisation=request.organisation, target=cycle
        ),
        "comment_form": CommentForm(),
        "can_run": can_run,
    }
    return render(request, "projects/cycle.jinja", context)


@org_member_required(Capability.VIEW)  # every member may comment, the board included
@require_POST
def project_cycle_comment(request: OrgRequest, cycle_id: int) -> HttpResponse:
    cycle = _cycle_for(request, cycle_id)
    try:
        services.comment_add(
            project=cycle.idea.project,
            by=request.user,
            body=request.POST.get("body", ""),
            cycle=cycle,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(cycle)

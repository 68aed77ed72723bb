"""Ideas pages: the list, raising one (on a phone, in under a minute), an idea's page with its
answers and comments, and the decisions that turn it into action. Thin: services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.models import OrgUnit
from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.activity import services as activity
from kaizen.ideas import engagement, escalation, services
from kaizen.ideas.forms import (
    AnswerForm,
    ChangeIdeaForm,
    EditIdeaForm,
    EscalateForm,
    IdeaForm,
    NewProjectForm,
    QuickFixForm,
)
from kaizen.ideas.models import Idea, IdeaStatus
from kaizen.impact.views import panel_for
from kaizen.web import add_errors, form_error_text, post_action


def idea_for(request: OrgRequest, pk: int) -> Idea:
    """The idea, only if it belongs to the request's organisation (404 otherwise)."""
    return get_object_or_404(
        Idea.objects.select_related("status", "author", "raised_by", "unit", "organisation"),
        pk=pk,
        organisation=request.organisation,
    )


@org_member_required(Capability.VIEW)
def idea_list(request: OrgRequest) -> HttpResponse:
    ideas = (
        Idea.objects.for_organisation(request.organisation)
        .select_related("status", "author", "unit")
        .defer("proposal", "answer")
    )
    kind = request.GET.get("kind", "")
    if kind in IdeaStatus.Kind.values:
        ideas = ideas.filter(status__kind=kind)
    mine = request.GET.get("mine") == "1"
    if mine:
        ideas = ideas.credited_to(request.user)
    page = Paginator(ideas, 50).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "kinds": IdeaStatus.Kind.choices, "mine": mine}
    return render(request, "ideas/list.jinja", context)


@org_member_required(Capability.VIEW)
def overview(request: OrgRequest) -> HttpResponse:
    """Engagement figures as SPC charts: is everyday improvement taking hold? For the whole
    organisation, or (``?unit=``) one area and the areas within it."""
    units = OrgUnit.objects.for_organisation(request.organisation)
    chosen = request.GET.get("unit", "")
    area = units.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    context = {
        "area": area,
        "all_units": units,
        "figures": engagement.figures(request.organisation, area=area),
        "units": engagement.by_unit(request.organisation),
    }
    return render(request, "ideas/overview.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def idea_raise(request: OrgRequest) -> HttpResponse:
    """Any member, patient partners included, raises an idea."""
    organisation = request.organisation
    form = IdeaForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        values = {
            k: form.cleaned_data[k]
            for k in ("problem", "proposal", "unit", "value_stream", "measure")
        }
        try:
            idea = services.idea_raise(
                organisation=organisation,
                by=request.user,
                values=values,
                photo=form.cleaned_data["photo"],
                author=form.cleaned_data["author"],
                co_authors=form.cleaned_data["co_authors"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you: your idea is raised. You will hear every answer.")
            return redirect(idea)
    return render(request, "ideas/raise.jinja", {"form": form})


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def idea_detail(request: OrgRequest, pk: int) -> HttpResponse:
    idea = idea_for(request, pk)
    organisation = request.organisation
    can_decide = request.membership.can(Capability.DECIDE_IDEAS)
    answer_form = AnswerForm(
        request.POST or None,
        organisation=organisation,
        initial={"status": idea.status_id, "version": idea.version},
    )
    if request.method == "POST":
        # Reading and supporting are for every member; answering is for those who decide.
        if not can_decide:
            raise PermissionDenied("Your role cannot answer ideas")
        if answer_form.is_valid():
            data = answer_form.cleaned_data
            try:
                services.idea_answer(
                    idea=idea,
                    by=request.user,
                    version=data["version"],
                    status=data["status"],
                    text=data["text"],
                    duplicate_of=data["duplicate_of"],
                )
            except ValidationError as error:
                add_errors(answer_form, error)
            else:
                messages.success(request, "Answered: the author and supporters are told.")
                return redirect(idea)
    context = {
        "idea": idea,
        "can_decide": can_decide,
        "answer_form": answer_form,
        "answers": idea.answers.select_related("status", "by"),
        "comments": idea.comments.select_related("author"),
        "supporters": idea.supporters.all(),
        "supporting": idea.supporters.filter(pk=request.user.pk).exists(),
        "follow": activity.follow_button(user=request.user, organisation=organisation, target=idea),
        "change_form": ChangeIdeaForm(organisation=organisation, prefix="change"),
        "quick_form": QuickFixForm(organisation=organisation, prefix="quick"),
        "project_form": NewProjectForm(prefix="project"),
        "escalate_form": EscalateForm(unit=idea.board_unit, prefix="escalate"),
        "co_authors": idea.co_authors.all(),
        "moves": idea.escalations.select_related("from_unit", "to_unit", "by"),
        "verdicts": _verdicts(idea),
        "impact": panel_for(request, idea),
    }
    return render(request, "ideas/detail.jinja", context)


def _verdicts(idea: Idea) -> list[object]:
    """The verdicts of the project's measures on the change idea (what the author waits for)."""
    if idea.change_idea_id is None:
        return []
    return list(idea.change_idea.measure_links.select_related("measure"))  # type: ignore[union-attr]


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def idea_edit(request: OrgRequest, pk: int) -> HttpResponse:
    """The author rewords their idea until it is answered (the service refuses after)."""
    idea = idea_for(request, pk)
    initial = {"problem": idea.problem, "proposal": idea.proposal}
    form = EditIdeaForm(request.POST or None, initial=initial)
    form.organisation = request.organisation  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_edit(idea=idea, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved your changes.")
            return redirect(idea)
    return render(request, "ideas/edit.jinja", {"form": form, "idea": idea})


@org_member_required(Capability.VIEW)
@require_POST
def idea_support(request: OrgRequest, pk: int) -> HttpResponse:
    idea = idea_for(request, pk)
    return post_action(
        request,
        idea,
        lambda: services.idea_support(idea=idea, by=request.user),
        "Thank you for your support: you will hear every answer.",
    )


@org_member_required(Capability.VIEW)
@require_POST
def idea_comment(request: OrgRequest, pk: int) -> HttpResponse:
    idea = idea_for(request, pk)
    return post_action(
        request,
        idea,
        lambda: activity.comment_add(
            organisation=request.organisation,
            target=idea,
            by=request.user,
            body=request.POST.get("body", ""),
            url=idea.get_absolute_url(),
        ),
        "Comment added.",
    )


@org_member_required(Capability.DECIDE_IDEAS)
@require_POST
def idea_act(request: OrgRequest, pk: int, action: str) -> HttpResponse:
    """Turn the idea into a quick fix, a change idea or a project, or move it on the boards."""
    idea = idea_for(request, pk)
    organisation, by = request.organisation, request.user
    forms = {
        "quick-fix": QuickFixForm(request.POST, organisation=organisation, prefix="quick"),
        "change-idea": ChangeIdeaForm(request.POST, organisation=organisation, prefix="change"),
        "new-project": NewProjectForm(request.POST, prefix="project"),
        "escalate": EscalateForm(request.POST, unit=idea.board_unit, prefix="escalate"),
    }
    form = forms.get(action)
    if form is None:
        return redirect(idea)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(idea)
    data = form.cleaned_data
    steps = {
        "quick-fix": lambda: services.idea_quick_fix(
            idea=idea, by=by, who=data["who"], due=data["due"]
        ),
        "change-idea": lambda: services.idea_to_change_idea(
            idea=idea, by=by, project=data["project"]
        ),
        "new-project": lambda: services.idea_to_project(idea=idea, by=by, title=data["title"]),
        "escalate": lambda: escalation.idea_escalate(
            idea=idea, by=by, to_unit=data["to_unit"], reason=data["reason"]
        ),
    }
    return post_action(request, idea, steps[action], "Done: the author is told.")

"""The Engagement section's hub and the top-concern rounds ("you said, we did")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.activity.services import follow_button
from kaizen.engagement import services
from kaizen.engagement.forms import (
    ActionForm,
    ActionStatusForm,
    AnswerForm,
    ResponseForm,
    RoundForm,
    ThemeForm,
)
from kaizen.engagement.models import Action, Newsletter, Round, Story, Theme
from kaizen.web import add_errors, post_action


@org_member_required(Capability.VIEW)
def hub(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    context = {
        "rounds": Round.objects.filter(organisation=organisation)[:5],
        "stories": Story.objects.filter(organisation=organisation, status=Story.Status.APPROVED)[
            :3
        ],
        "latest": Newsletter.objects.filter(
            organisation=organisation, published_at__isnull=False
        ).first(),
    }
    return render(request, "engagement/hub.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def rounds(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    can_lead = request.membership.can(Capability.LEAD_ENGAGEMENT)
    form = RoundForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        # Every member reads the rounds; only leaders open one.
        if not can_lead:
            raise PermissionDenied("Only leaders open a round of top concerns")
        if form.is_valid():
            try:
                round_ = services.round_open(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect(services.round_url(round_))
    context = {
        "rounds": Round.objects.filter(organisation=organisation).select_related("unit"),
        "form": form if can_lead else None,
    }
    return render(request, "engagement/rounds.jinja", context)


def _round(request: OrgRequest, pk: int) -> Round:
    return get_object_or_404(Round, organisation=request.organisation, pk=pk)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def round_detail(request: OrgRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        # Named or not, a posted answer's request is logged without its sender: a log line
        # of who posted when would otherwise trace an anonymous answer to its author.
        request.log_without_user = True  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_add(
                member=request.user,
                unit=request.membership.unit,
                round_=round_,
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you: your concern is in.")
            return redirect(services.round_url(round_))
    can_lead = request.membership.can(Capability.LEAD_ENGAGEMENT)
    themes = list(round_.themes.prefetch_related("answers", "actions__owner"))
    unthemed = round_.answers.filter(theme__isnull=True)
    context = {
        "round": round_,
        "form": form if round_.is_open() else None,
        "themes": [
            (
                theme,
                follow_button(user=request.user, organisation=request.organisation, target=theme),
            )
            for theme in themes
        ],
        "unthemed": unthemed,
        "answer_count": round_.answers.count(),
        "breakdown": services.breakdown(round_),
        "can_lead": can_lead,
        "theme_form": ThemeForm(answers=unthemed) if can_lead else None,
        "response_form": ResponseForm(),
        "action_form": ActionForm(organisation=request.organisation),
        "status_form": ActionStatusForm(),
    }
    return render(request, "engagement/round.jinja", context)


@org_member_required(Capability.LEAD_ENGAGEMENT)
@require_POST
def theme_add(request: OrgRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    form = ThemeForm(request.POST, answers=round_.answers.filter(theme__isnull=True))
    return post_action(
        request,
        services.round_url(round_),
        lambda: (
            services.theme_add(
                actor=request.user,
                round_=round_,
                title=form.cleaned_data["title"],
                answers=list(form.cleaned_data["answers"]),
            )
            if form.is_valid()
            else _invalid(form)
        ),
        "Theme added.",
    )


def _theme(request: OrgRequest, pk: int) -> Theme:
    return get_object_or_404(Theme, round__organisation=request.organisation, pk=pk)


@org_member_required(Capability.LEAD_ENGAGEMENT)
@require_POST
def theme_respond(request: OrgRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    form = ResponseForm(request.POST)
    return post_action(
        request,
        services.round_url(theme.round),
        lambda: (
            services.theme_answer(
                actor=request.user, theme=theme, response=form.cleaned_data["response"]
            )
            if form.is_valid()
            else _invalid(form)
        ),
        "Answered in public.",
    )


@org_member_required(Capability.LEAD_ENGAGEMENT)
@require_POST
def action_add(request: OrgRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    form = ActionForm(request.POST, organisation=request.organisation)
    return post_action(
        request,
        services.round_url(theme.round),
        lambda: (
            services.action_add(actor=request.user, theme=theme, **form.cleaned_data)
            if form.is_valid()
            else _invalid(form)
        ),
        "Action added.",
    )


@org_member_required(Capability.LEAD_ENGAGEMENT)
@require_POST
def action_status(request: OrgRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, theme__round__organisation=request.organisation, pk=pk)
    return post_action(
        request,
        services.round_url(action.theme.round),
        lambda: services.action_status(
            actor=request.user, action=action, status=request.POST.get("status", "")
        ),
        "Status updated.",
    )


def _invalid(form: Form) -> None:
    """Raise a small form's errors, each named by its field, as one message for post_action
    to show above the page (these forms sit inside a long page, not on their own)."""
    raise ValidationError(
        [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, messages in form.errors.items()
            for message in messages
        ]
    )

"""The newsletter: its archive, an issue, the editor's draft, the PDF and what a member
follows."""

from __future__ import annotations

from typing import Any

import weasyprint
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.engagement import following, newsletter
from kaizen.engagement.forms import FollowForm
from kaizen.engagement.models import Newsletter
from kaizen.measures.pdf import local_only_fetcher
from kaizen.web import post_action


@org_member_required(Capability.VIEW)
def archive(request: OrgRequest) -> HttpResponse:
    issues = Newsletter.objects.filter(organisation=request.organisation)
    can_edit = request.membership.can(Capability.EDIT_NEWS)
    context = {
        "issues": issues.filter(published_at__isnull=False),
        "drafts": issues.filter(published_at__isnull=True) if can_edit else [],
        "can_edit": can_edit,
    }
    return render(request, "engagement/archive.jinja", context)


@org_member_required(Capability.EDIT_NEWS)
@require_POST
def draft(request: OrgRequest) -> HttpResponse:
    """Draft (or redraft) this week's issue from what happened so far."""
    week = newsletter.week_of(timezone.localdate())
    issue = newsletter.newsletter_draft(organisation=request.organisation, week_start=week)
    return redirect(newsletter.issue_url(issue))


def _issue(request: OrgRequest, pk: int) -> Newsletter:
    issues = Newsletter.objects.filter(organisation=request.organisation)
    # A draft is the editors' until it is published.
    if not request.membership.can(Capability.EDIT_NEWS):
        issues = issues.filter(published_at__isnull=False)
    return get_object_or_404(issues, pk=pk)


def _sections_for(request: OrgRequest, shown: Newsletter) -> list[tuple[str, list[Any]]]:
    # A published issue opens with the news of what the reader follows; a draft keeps the
    # editor's order, which its Up, Down and Cut buttons number.
    sections = newsletter.grouped(shown)
    if shown.published_at is None:
        return sections
    return following.first_for(sections, following.followed(request.user, request.organisation))


@org_member_required(Capability.VIEW)
def issue(request: OrgRequest, pk: int) -> HttpResponse:
    shown = _issue(request, pk)
    context = {
        "issue": shown,
        "sections": _sections_for(request, shown),
        "editing": shown.published_at is None,
    }
    return render(request, "engagement/newsletter.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def follow(request: OrgRequest) -> HttpResponse:
    """The units and value streams whose news the member reads first."""
    organisation = request.organisation
    units, streams = following.chosen(request.user, organisation)
    form = FollowForm(
        request.POST or None,
        organisation=organisation,
        initial={"units": units, "value_streams": streams},
    )
    if request.method == "POST" and form.is_valid():
        following.follows_set(
            user=request.user,
            organisation=organisation,
            units=form.cleaned_data["units"],
            value_streams=form.cleaned_data["value_streams"],
        )
        messages.success(request, "Saved: the newsletter opens with their news.")
        return redirect("engagement:follow", organisation.slug)
    return render(request, "engagement/follow.jinja", {"form": form})


@org_member_required(Capability.EDIT_NEWS)
@require_POST
def edit(request: OrgRequest, pk: int) -> HttpResponse:
    shown = _issue(request, pk)
    post = request.POST

    def number(name: str) -> int | None:
        return int(post[name]) if post.get(name, "").isdigit() else None

    return post_action(
        request,
        newsletter.issue_url(shown),
        lambda: newsletter.newsletter_edit(
            issue=shown,
            intro=post.get("intro"),
            move=number("up") if "up" in post else number("down"),
            up="up" in post,
            cut=number("cut"),
        ),
        "Saved.",
    )


@org_member_required(Capability.EDIT_NEWS)
@require_POST
def publish(request: OrgRequest, pk: int) -> HttpResponse:
    shown = _issue(request, pk)
    return post_action(
        request,
        newsletter.issue_url(shown),
        lambda: newsletter.newsletter_publish(actor=request.user, issue=shown),
        "Published: it is in the archive and on its way by email.",
    )


@org_member_required(Capability.VIEW)
def pdf(request: OrgRequest, pk: int) -> HttpResponse:
    shown = _issue(request, pk)
    html = render_to_string(
        "engagement/newsletter_email.html",
        {
            "issue": shown,
            "sections": _sections_for(request, shown),
            "base": request.build_absolute_uri("/").rstrip("/"),
            "follow_url": reverse("engagement:follow", args=[request.organisation.slug]),
        },
    )
    document = weasyprint.HTML(string=html, url_fetcher=local_only_fetcher()).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="newsletter-{shown.week_start}.pdf"'
    return response

"""Stories ("Out and about") and thank-yous."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.accounts.roles import Capability
from kaizen.engagement import stories
from kaizen.engagement.forms import StoryForm, ThanksForm
from kaizen.engagement.models import Photo, Story, Thanks
from kaizen.privacy.images import reencode
from kaizen.web import add_errors, post_action


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def story_list(request: OrgRequest) -> HttpResponse:
    organisation = request.organisation
    thanks_form = ThanksForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and thanks_form.is_valid():
        try:
            stories.thanks_send(
                sender=request.user, organisation=organisation, **thanks_form.cleaned_data
            )
        except ValidationError as error:
            add_errors(thanks_form, error)
        else:
            messages.success(request, "Thank-you sent.")
            return redirect("engagement:stories", organisation.slug)
    visible = stories.visible_stories(request.membership).select_related("author")
    context = {
        "stories": visible.filter(status=Story.Status.APPROVED)[:50],
        "waiting": visible.filter(status=Story.Status.SUBMITTED),
        "thanks": Thanks.objects.filter(organisation=organisation).select_related(
            "sender", "colleague", "team"
        )[:30],
        "thanks_form": thanks_form,
    }
    return render(request, "engagement/stories.jinja", context)


@org_member_required(Capability.VIEW)
@require_http_methods(["GET", "POST"])
def story_new(request: OrgRequest) -> HttpResponse:
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photos = [(reencode(data["photo"]), data["alt_text"])] if data["photo"] else []
            story = stories.story_submit(
                author=request.user,
                organisation=request.organisation,
                unit=request.membership.unit,
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                photos=photos,
                consent=data["consent"],
            )
        except ValidationError as error:
            # A photo's problem belongs by the photo field.
            add_errors(
                form,
                error
                if hasattr(error, "error_dict")
                else ValidationError({"photo": error.messages}),
            )
        else:
            messages.success(
                request, "Story shared. It shows in your unit until it is approved for everyone."
            )
            return redirect(stories.story_url(story))
    return render(request, "engagement/story_form.jinja", {"form": form})


def _story(request: OrgRequest, pk: int) -> Story:
    return get_object_or_404(stories.visible_stories(request.membership), pk=pk)


@org_member_required(Capability.VIEW)
def story(request: OrgRequest, pk: int) -> HttpResponse:
    shown = _story(request, pk)
    context = {
        "story": shown,
        "photos": shown.photos.only("pk", "alt_text", "width", "height"),
        "can_approve": request.membership.can(Capability.EDIT_NEWS)
        and shown.status == Story.Status.SUBMITTED,
    }
    return render(request, "engagement/story.jinja", context)


@org_member_required(Capability.VIEW)
def photo(request: OrgRequest, pk: int) -> HttpResponse:
    found = Photo.objects.filter(
        pk=pk, story__in=stories.visible_stories(request.membership)
    ).first()
    if found is None:
        raise Http404("No such photo")
    response = HttpResponse(bytes(found.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@org_member_required(Capability.EDIT_NEWS)
@require_POST
def story_approve(request: OrgRequest, pk: int) -> HttpResponse:
    found = _story(request, pk)
    return post_action(
        request,
        stories.story_url(found),
        lambda: stories.story_approve(actor=request.user, story=found),
        "Published for everyone.",
    )

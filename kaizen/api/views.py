"""The tokens page (each member manages their own tokens for the organisation) and the API's
interactive documentation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kaizen.accounts.permissions import OrgRequest, org_member_required
from kaizen.api import services
from kaizen.api.forms import TokenForm
from kaizen.api.models import ApiToken
from kaizen.web import add_errors, post_action


@org_member_required()
@require_http_methods(["GET", "POST"])
def tokens(request: OrgRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = services.token_create(
                user=request.user, organisation=request.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The secret is shown on this response only (never stored, never redirected with).
            form = TokenForm()
    mine = ApiToken.objects.filter(user=request.user, organisation=request.organisation)
    context = {"form": form, "secret": secret, "tokens": mine}
    return render(request, "api/tokens.jinja", context)


@org_member_required()
@require_POST
def token_revoke(request: OrgRequest, pk: int) -> HttpResponse:
    # Only the holder's own tokens: another member's token is 404.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, organisation=request.organisation)
    return post_action(
        request,
        reverse("api:tokens", kwargs={"org": request.organisation.slug}),
        lambda: services.token_revoke(token=token, by=request.user),
        f"Revoked the token “{token.name}”. Anything using it now gets “401 Unauthorized”.",
    )


def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI, served from our own static files and started by a static script, so that
    it works under the Content-Security-Policy. Public, like the schema it reads."""
    return render(request, "api/docs.jinja")

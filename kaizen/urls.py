"""Kaizen's URLs. Everything inside an organisation lives under /o/<org>/, where the
org_member_required decorator checks the signed-in user's membership and role."""

from django.contrib import admin
from django.urls import include, path

from kaizen import health
from kaizen.api import views as api_views
from kaizen.api.endpoints import api

org_patterns = [
    path("", include("kaizen.accounts.org_urls")),
    path("measures/", include("kaizen.measures.urls")),
    path("audit/", include("kaizen.audit.urls")),
    path("", include("kaizen.activity.urls")),
    path("strategy/", include("kaizen.strategy.urls")),
    path("projects/", include("kaizen.projects.urls")),
    path("imports/", include("kaizen.imports.urls")),
    path("engagement/", include("kaizen.engagement.urls")),
    path("ideas/", include("kaizen.ideas.urls")),
    path("impact/", include("kaizen.impact.urls")),
    path("training/", include("kaizen.training.urls")),
    path("events/", include("kaizen.events.urls")),
    path("lean/", include("kaizen.projects.lean.urls")),
    path("programme/", include("kaizen.programme.urls")),
    path("api-tokens/", include("kaizen.api.urls")),
    path("shared/", include("kaizen.network.urls")),
]

urlpatterns = [
    path("", include("kaizen.accounts.urls")),
    path("o/<slug:org>/", include(org_patterns)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("api/v1/", api.urls),
    path("api/docs/", api_views.docs, name="api_docs"),
    path("library/", include("kaizen.network.library_urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
]

# Styled like every other page, with a way back (kaizen/templates/500.html).
handler500 = "kaizen.web.server_error"

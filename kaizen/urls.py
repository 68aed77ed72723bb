"""Kaizen's URLs. Everything inside an organisation lives under /o/<org>/, where the
org_member_required decorator checks the signed-in user's membership and role."""

from django.contrib import admin
from django.urls import include, path

from kaizen import health

org_patterns = [
    path("", include("kaizen.accounts.org_urls")),
    path("measures/", include("kaizen.measures.urls")),
    path("audit/", include("kaizen.audit.urls")),
    path("", include("kaizen.activity.urls")),
    path("strategy/", include("kaizen.strategy.urls")),
    path("projects/", include("kaizen.projects.urls")),
    path("imports/", include("kaizen.imports.urls")),
]

urlpatterns = [
    path("", include("kaizen.accounts.urls")),
    path("o/<slug:org>/", include(org_patterns)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
]

# Styled like every other page, with a way back (kaizen/templates/500.html).
handler500 = "kaizen.web.server_error"

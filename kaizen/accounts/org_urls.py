"""URLs inside an organisation (/o/<org>/): its home, members, invitations and settings."""

from django.urls import URLPattern, URLResolver, path

from kaizen.accounts import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.org_home, name="org_home"),
]

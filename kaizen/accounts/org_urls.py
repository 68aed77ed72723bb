"""URLs inside an organisation (/o/<org>/): its home, members, invitations and settings."""

from django.urls import URLPattern, URLResolver, path

from kaizen import registry
from kaizen.accounts import membership_views, settings_views, views

app_name = "organisation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.org_home, name="org_home"),
    *[
        path(f"sections/{key}/", views.section, {"section": key}, name=f"section_{key}")
        for key in registry.SECTIONS
    ],
    path("members/", membership_views.member_list, name="member_list"),
    path("members/<int:pk>/", membership_views.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", membership_views.member_remove, name="member_remove"),
    path("invitations/", membership_views.invitation_list, name="invitation_list"),
    path(
        "invitations/<int:pk>/revoke/",
        membership_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("settings/", settings_views.org_settings, name="org_settings"),
    path("settings/units/", settings_views.unit_list, name="unit_list"),
    path("settings/units/<int:pk>/", settings_views.unit_edit, name="unit_edit"),
    path("settings/units/<int:pk>/delete/", settings_views.unit_delete, name="unit_delete"),
    path("settings/value-streams/", settings_views.value_stream_list, name="value_stream_list"),
    path(
        "settings/value-streams/<int:pk>/",
        settings_views.value_stream_edit,
        name="value_stream_edit",
    ),
    path(
        "settings/value-streams/<int:pk>/delete/",
        settings_views.value_stream_delete,
        name="value_stream_delete",
    ),
]

"""URLs inside an organisation (/o/<org>/) for notifications, follows and failed tasks."""

from django.urls import URLPattern, path

from kaizen.activity import views

app_name = "activity"

urlpatterns: list[URLPattern] = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path(
        "follow/<int:content_type_id>/<int:object_id>/",
        views.follow,
        name="follow",
    ),
    path("tasks/failed/", views.failed_tasks, name="failed_tasks"),
]

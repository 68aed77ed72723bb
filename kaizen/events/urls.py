"""URLs inside an organisation (/o/<org>/events/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.events import follow_up_views, hours_views, preparation_views, spawn_views, views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.calendar, name="calendar"),
    path("new/", views.event_new, name="event_new"),
    path("preparation/", preparation_views.preparation, name="preparation"),
    path(
        "preparation/<int:step_id>/remove/",
        preparation_views.preparation_remove,
        name="preparation_remove",
    ),
    path("hours/", hours_views.hours, name="hours"),
    path("<int:pk>/", views.event, name="event"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/take-forward/", spawn_views.spawn, name="spawn"),
    path("<int:pk>/checklist/<int:item_id>/", views.checklist_toggle, name="checklist_toggle"),
    path(
        "<int:pk>/checklist/<int:item_id>/remove/",
        views.checklist_remove,
        name="checklist_remove",
    ),
    path("<int:pk>/follow-ups/<int:follow_up_id>/", follow_up_views.follow_up, name="follow_up"),
    path("<int:pk>/photos/<int:photo_id>/", follow_up_views.report_photo, name="report_photo"),
]

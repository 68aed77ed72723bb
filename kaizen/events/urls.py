"""URLs inside an organisation (/o/<org>/events/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.events import views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.calendar, name="calendar"),
    path("new/", views.event_new, name="event_new"),
    path("<int:pk>/", views.event, name="event"),
    path("<int:pk>/checklist/<int:item_id>/", views.checklist_toggle, name="checklist_toggle"),
]

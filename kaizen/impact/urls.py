"""URLs inside an organisation (/o/<org>/impact/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.impact import views

app_name = "impact"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ledger, name="ledger"),
    path("add/<int:content_type_id>/<int:object_id>/", views.entry_add, name="add"),
    path("<int:pk>/validate/", views.entry_validate, name="validate"),
]

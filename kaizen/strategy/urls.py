"""URLs inside an organisation (/o/<org>/strategy/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.strategy import views

app_name = "strategy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.strategy, name="strategy"),
    path("priorities/<int:pk>/", views.priority, name="priority"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="priority_delete"),
    path("objectives/<int:pk>/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("programmes/<int:pk>/", views.tag_edit, name="tag_edit"),
]

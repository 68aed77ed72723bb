"""URLs inside an organisation (/o/<org>/strategy/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.strategy import views

app_name = "strategy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.strategy, name="strategy"),
]

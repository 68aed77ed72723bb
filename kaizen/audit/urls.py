from django.urls import URLPattern, URLResolver, path

from kaizen.audit import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.audit_list, name="audit_list"),
]

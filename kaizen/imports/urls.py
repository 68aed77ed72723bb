from django.urls import URLPattern, URLResolver, path

from kaizen.imports import bulk_views, views

app_name = "imports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.upload, name="import_upload"),
    path("long/", bulk_views.bulk_upload, name="import_bulk"),
    path("long/<int:pending_id>/import/", bulk_views.bulk_confirm, name="import_bulk_confirm"),
    path("long/jobs/<int:job_id>/", bulk_views.bulk_job, name="import_bulk_job"),
    path("template.csv", views.template, name="import_template"),
    path("<int:pending_id>/import/", views.confirm, name="import_confirm"),
    path("measures/<int:measure_id>/", views.upload_measure, name="import_upload_measure"),
    path(
        "measures/<int:measure_id>/template.csv",
        views.template_measure,
        name="import_template_measure",
    ),
]

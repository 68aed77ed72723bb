from django.urls import URLPattern, URLResolver, path

from kaizen.measures import views

app_name = "measures"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.measure_list, name="measure_list"),
    path("new/", views.measure_create, name="measure_create"),
    path("summary/", views.board_summary, name="board_summary"),
    path("summary.pdf", views.board_summary_pdf, name="board_summary_pdf"),
    path("<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/export.csv", views.measure_export, name="measure_export"),
    path("<int:pk>/data/", views.datapoint_save, name="datapoint_save"),
    path("<int:pk>/data/<int:point_pk>/delete/", views.datapoint_delete, name="datapoint_delete"),
    path("<int:pk>/advice/", views.measure_advice, name="measure_advice"),
    path("<int:pk>/annotations/", views.annotation_add, name="annotation_add"),
    path(
        "<int:pk>/annotations/<int:annotation_pk>/delete/",
        views.annotation_delete,
        name="annotation_delete",
    ),
]

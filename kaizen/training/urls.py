"""URLs inside an organisation (/o/<org>/training/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.training import report_views, views

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("me/", views.mine, name="mine"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/accept/", views.accept, name="accept"),
    path("records/", views.records, name="records"),
    path("records/import/", views.import_csv, name="import"),
    path("records/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("dosage/", report_views.dosage, name="dosage"),
    path("dosage/targets/", report_views.targets, name="targets"),
    path("demand/", report_views.demand_page, name="demand"),
]

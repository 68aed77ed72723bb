"""URLs inside an organisation (/o/<org>/training/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.training import report_views, tier_views, views

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("me/", views.mine, name="mine"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/accept/", views.accept, name="accept"),
    path("tiers/", tier_views.ladder, name="tiers"),
    path("tiers/<int:pk>/edit/", tier_views.tier_edit, name="tier_edit"),
    path("tiers/<int:pk>/move/", tier_views.tier_reorder, name="tier_move"),
    path("records/", views.records, name="records"),
    path("records/import/", views.import_csv, name="import"),
    path("records/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("dosage/", report_views.dosage, name="dosage"),
    path("dosage/units/<int:pk>/", report_views.unit_dosage, name="unit_dosage"),
    path("dosage/targets/", report_views.targets, name="targets"),
    path("dosage/staff/", report_views.headcounts, name="headcounts"),
    path("dosage/staff/import/", report_views.headcount_import, name="headcount_import"),
    path("hours/", report_views.hours, name="hours"),
    path("demand/", report_views.demand_page, name="demand"),
]

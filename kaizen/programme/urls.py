"""URLs inside an organisation (/o/<org>/programme/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.programme import maturity_views, views

app_name = "programme"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.umbrella, name="umbrella"),
    path("indicators/", views.indicators, name="indicators"),
    path("learning/", views.learning, name="learning"),
    path("report/", views.board_report, name="report"),
    path("report.pdf", views.board_report_pdf, name="report_pdf"),
    path("indicators/refresh/", views.indicators_refresh_now, name="indicators_refresh"),
    path("maturity/", maturity_views.maturity, name="maturity"),
    path("maturity/new/", maturity_views.maturity_edit, name="maturity_new"),
    path("maturity/<int:pk>/", maturity_views.maturity_detail, name="maturity_detail"),
    path("maturity/<int:pk>/edit/", maturity_views.maturity_edit, name="maturity_edit"),
]

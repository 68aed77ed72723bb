from django.urls import path

from kaizen.network import views

app_name = "network"

# Under /o/<org>/shared/ (kaizen.urls).
urlpatterns = [
    path("", views.shared, name="shared"),
    path("projects/<int:pk>", views.share_project, name="share_project"),
    path("<int:pk>/unshare", views.unshare, name="unshare"),
]

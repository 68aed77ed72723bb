from django.urls import path

from kaizen.api import views

app_name = "api"

# Under /o/<org>/ (kaizen.urls): each member's tokens for the organisation.
urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:pk>/revoke", views.token_revoke, name="token_revoke"),
]

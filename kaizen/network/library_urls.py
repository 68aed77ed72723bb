from django.urls import path

from kaizen.network import views

app_name = "library"

# The open library, public at /library/ (kaizen.urls).
urlpatterns = [
    path("", views.library, name="index"),
    path("<int:pk>/", views.library_item, name="item"),
    path("<int:pk>.json", views.library_item_json, name="item_json"),
    path("networks/<int:pk>/", views.network_page, name="network"),
]

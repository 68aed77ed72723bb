from django.urls import path

from kaizen.network import network_views, views

app_name = "library"

# The open library, public at /library/ (kaizen.urls).
urlpatterns = [
    path("", views.library, name="index"),
    path("<int:pk>/", views.library_item, name="item"),
    path("<int:pk>.json", views.library_item_json, name="item_json"),
    # Networks: readable by their members; created and run by the installation admin and
    # coordinators (kaizen/network/network_views.py).
    path("networks/", network_views.network_list, name="networks"),
    path("networks/new", network_views.network_edit, name="network_new"),
    path("networks/<int:pk>/", network_views.network_page, name="network"),
    path("networks/<int:pk>/edit", network_views.network_edit, name="network_edit"),
    path("networks/<int:pk>/invite", network_views.network_invite, name="network_invite"),
    path("networks/<int:pk>/coordinators", network_views.coordinator_add, name="coordinator_add"),
    path(
        "networks/<int:pk>/coordinators/<int:user_id>/remove",
        network_views.coordinator_remove,
        name="coordinator_remove",
    ),
]

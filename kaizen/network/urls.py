from django.urls import path

from kaizen.network import compare_views, naming_views, network_views, package_views, views

app_name = "network"

# Under /o/<org>/shared/ (kaizen.urls).
urlpatterns = [
    path("", views.shared, name="shared"),
    path("projects/<int:pk>", views.share_project, name="share_project"),
    path("ideas/<int:idea_id>", views.share_idea, name="share_idea"),
    path("cycles/<int:cycle_id>", views.share_cycle, name="share_cycle"),
    path("stories/<int:story_id>", views.share_story, name="share_story"),
    path("events/<int:event_id>", views.share_event, name="share_event"),
    path("networks/", network_views.org_networks, name="networks"),
    path(
        "networks/invitations/<int:pk>/accept",
        network_views.invitation_answer,
        {"accept": True},
        name="invitation_accept",
    ),
    path(
        "networks/invitations/<int:pk>/decline",
        network_views.invitation_answer,
        {"accept": False},
        name="invitation_decline",
    ),
    path("networks/<int:pk>/leave", network_views.network_leave, name="network_leave"),
    path("naming", naming_views.naming_settings, name="naming"),
    path("<int:pk>/unshare", views.unshare, name="unshare"),
    path("packages/", package_views.package_list, name="packages"),
    path("packages/new", package_views.package_new, name="package_new"),
    path("packages/<int:pk>/", package_views.package_detail, name="package"),
    path("packages/<int:pk>/revise", package_views.package_revise, name="package_revise"),
    path("packages/<int:pk>/adopt", package_views.package_adopt, name="package_adopt"),
    path("items/<int:pk>/adopt", package_views.item_adopt, name="item_adopt"),
    path("compare/", compare_views.compare_list, name="compare_list"),
    path("compare/<int:pk>/", compare_views.compare, name="compare"),
    path("compare/<int:pk>/join", compare_views.compare_join, name="compare_join"),
    path("compare/<int:pk>/leave", compare_views.compare_leave, name="compare_leave"),
]

"""URLs inside an organisation (/o/<org>/engagement/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.engagement import compact_views, leader_views, newsletter_views, story_views, views

app_name = "engagement"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.hub, name="hub"),
    path("compacts/", compact_views.compact_list, name="compacts"),
    path("compacts/versions/<int:pk>/acknowledge/", compact_views.acknowledge, name="acknowledge"),
    path("concerns/", views.rounds, name="rounds"),
    path("concerns/<int:pk>/", views.round_detail, name="round"),
    path("concerns/<int:pk>/themes/", views.theme_add, name="theme_add"),
    path("themes/<int:pk>/answer/", views.theme_respond, name="theme_respond"),
    path("themes/<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("leadership/", leader_views.diary, name="diary"),
    path("leadership/chart.svg", leader_views.unvisited_chart, name="unvisited_chart"),
    path("leadership/log/", leader_views.visit_log, name="visit_log"),
    path("leadership/<int:user_id>/", leader_views.leader, name="leader"),
    path("stories/", story_views.story_list, name="stories"),
    path("stories/new/", story_views.story_new, name="story_new"),
    path("stories/<int:pk>/", story_views.story, name="story"),
    path("stories/<int:pk>/approve/", story_views.story_approve, name="story_approve"),
    path("photos/<int:pk>/", story_views.photo, name="photo"),
    path("newsletter/", newsletter_views.archive, name="archive"),
    path("newsletter/draft/", newsletter_views.draft, name="draft"),
    path("newsletter/follow/", newsletter_views.follow, name="follow"),
    path("newsletter/<int:pk>/", newsletter_views.issue, name="newsletter"),
    path("newsletter/<int:pk>/edit/", newsletter_views.edit, name="newsletter_edit"),
    path("newsletter/<int:pk>/publish/", newsletter_views.publish, name="newsletter_publish"),
    path("newsletter/<int:pk>/pdf/", newsletter_views.pdf, name="newsletter_pdf"),
]

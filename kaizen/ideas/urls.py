"""URLs inside an organisation (/o/<org>/ideas/)."""

from django.urls import URLPattern, URLResolver, path

from kaizen.ideas import board_views, views

app_name = "ideas"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_raise, name="raise"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/edit/", views.idea_edit, name="edit"),
    path("<int:pk>/support/", views.idea_support, name="support"),
    path("<int:pk>/comment/", views.idea_comment, name="comment"),
    # One view turns an idea into each kind of action; the route names which.
    *(
        path(f"<int:pk>/{action}/", views.idea_act, {"action": action}, name=action)
        for action in ("quick-fix", "change-idea", "new-project", "escalate")
    ),
    path("boards/", board_views.board_list, name="boards"),
    path("boards/<int:unit>/", board_views.board, name="board"),
    path("boards/<int:unit>/actions/", board_views.action_add, name="action_add"),
    path("actions/<int:pk>/done/", board_views.action_done, name="action_done"),
    path("actions/<int:pk>/escalate/", board_views.action_escalate, name="action_escalate"),
    path("stalled/", board_views.stalled, name="stalled"),
    path("stop-doing/", board_views.campaign_list, name="campaigns"),
    path("stop-doing/<int:pk>/", board_views.campaign, name="campaign"),
    path("nominations/<int:pk>/", board_views.nomination, name="nomination"),
    path("nominations/<int:pk>/decide/", board_views.nomination_decide, name="decide"),
]

"""Projects live under /o/<org>/projects/. Names are global (project_*) so the organisation's
navigation can reverse them like every other app's."""

from django.urls import URLPattern, URLResolver, path

from kaizen.projects import change_views, method_views, views

app_name = "projects"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("search/", views.project_search, name="project_search"),
    path("method/", method_views.project_methods, name="project_methods"),
    path(
        "method/<int:method_id>/choose/",
        method_views.project_method_choose,
        name="project_method_choose",
    ),
    path("method/<int:method_id>/", method_views.project_method_edit, name="project_method_edit"),
    path("settings/", method_views.project_settings, name="project_settings"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/stage/", views.project_stage, name="project_stage"),
    path("<int:pk>/status/", views.project_status, name="project_status"),
    path("<int:pk>/score/", views.project_score, name="project_score"),
    path("<int:pk>/team/", views.project_team_add, name="project_team_add"),
    path("team/<int:member_id>/remove/", views.project_team_remove, name="project_team_remove"),
    path("<int:pk>/measures/", views.project_measure_add, name="project_measure_add"),
    path("<int:pk>/comments/", views.project_comment, name="project_comment"),
    path("<int:pk>/drivers/", change_views.project_drivers, name="project_drivers"),
    path("<int:pk>/drivers.svg", change_views.project_drivers_svg, name="project_drivers_svg"),
    path("<int:pk>/drivers/add/", change_views.project_driver_add, name="project_driver_add"),
    path(
        "drivers/<int:node_id>/rename/",
        change_views.project_driver_rename,
        name="project_driver_rename",
    ),
    path(
        "drivers/<int:node_id>/delete/",
        change_views.project_driver_delete,
        name="project_driver_delete",
    ),
    path(
        "drivers/<int:node_id>/move/", change_views.project_driver_move, name="project_driver_move"
    ),
    path("<int:pk>/ideas/new/", change_views.project_idea_create, name="project_idea_create"),
    path("ideas/<int:idea_id>/", change_views.project_idea, name="project_idea"),
    path("ideas/<int:idea_id>/edit/", change_views.project_idea_edit, name="project_idea_edit"),
    path("ideas/<int:idea_id>/place/", change_views.project_idea_place, name="project_idea_place"),
    path("ideas/<int:idea_id>/stage/", change_views.project_idea_stage, name="project_idea_stage"),
    path(
        "ideas/<int:idea_id>/cycles/new/",
        change_views.project_cycle_create,
        name="project_cycle_create",
    ),
    path(
        "ideas/<int:change_id>/measures/",
        change_views.project_change_measure,
        {"kind": "idea"},
        name="project_idea_measure",
    ),
    path(
        "cycles/<int:change_id>/measures/",
        change_views.project_change_measure,
        {"kind": "cycle"},
        name="project_cycle_measure",
    ),
    path("cycles/<int:cycle_id>/", change_views.project_cycle, name="project_cycle"),
    path(
        "cycles/<int:cycle_id>/comments/",
        change_views.project_cycle_comment,
        name="project_cycle_comment",
    ),
    path(
        "links/<int:link_id>/rebase/",
        change_views.project_rebase_accept,
        name="project_rebase_accept",
    ),
]

"""URLs inside an organisation (/o/<org>/lean/<parent>/<pk>/): one set per kind of record the
tools attach to (kaizen.projects.lean.parents), each naming its kind in the ``parent`` keyword,
so url("lean:sipoc", org=..., parent="event", pk=...) picks the event's."""

from django.urls import URLPattern, URLResolver, path

from kaizen.projects.lean import views
from kaizen.projects.lean.parents import PARENTS

app_name = "lean"


def _patterns(parent: str) -> list[URLPattern]:
    kind = {"parent": parent}
    prefix = f"{parent}/<int:pk>/"
    return [
        path(prefix + "sipoc/", views.sipoc, kind, name="sipoc"),
        path(prefix + "control-plan/", views.control_plan, kind, name="control_plan"),
        path(
            prefix + "control-plan/<int:item_id>/remove/",
            views.control_plan_remove,
            kind,
            name="control_plan_remove",
        ),
        path(prefix + "value-stream-map/", views.value_stream_map, kind, name="value_stream_map"),
        path(
            prefix + "value-stream-map/preview/",
            views.value_stream_map_preview,
            kind,
            name="value_stream_map_preview",
        ),
        *(
            path(
                f"{prefix}{tool.replace('_', '-')}.pdf",
                views.tool_pdf,
                {**kind, "tool": tool},
                name=f"{tool}_pdf",
            )
            for tool in views.PRINTED
        ),
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    pattern for parent in sorted(PARENTS) for pattern in _patterns(parent)
]

"""Every view under /o/<org>/ must resolve the organisation through org_member_required: this
walks the URL tree, so a new view that forgets the decorator fails here."""

from collections.abc import Iterator, Sequence

from django.urls import URLPattern, URLResolver

from kaizen.urls import org_patterns


def walk(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry.callback


def test_it_guards_every_org_scoped_view() -> None:
    views = list(walk(org_patterns))
    assert len(views) > 50  # the walk reached every app's URLs
    unguarded = [route for route, view in views if not hasattr(view, "org_capability")]
    assert unguarded == []

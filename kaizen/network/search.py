"""Searching the open library: PostgreSQL's full-text search where it runs, and on SQLite
every word found somewhere in the item, which is slower but finds the same items for plain
words."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from kaizen.network.models import SharedItem, SharedItemQuerySet

# The title weighs more than the rest of the text in the ranking.
VECTOR = SearchVector("title", weight="A", config="english") + SearchVector(
    "search_text", weight="B", config="english"
)


# Ranking reads the vector of every item it ranks, and a common word is in most items: ranking
# them all read most of the table (233-266 ms over 100,000 items). So only the newest
# CANDIDATES matches are ranked, found by walking the live items newest first (an index,
# models.SharedItem.Meta) until that many match. Fewer matches than that are all ranked, as
# before; a reader who reaches the limit is told, and asked for another word.
CANDIDATES = 1000


def search(items: SharedItemQuerySet, words: str) -> SharedItemQuerySet:
    """The items holding every word, the closest first (on PostgreSQL; newest first on
    SQLite)."""
    words = words.strip()
    if not words:
        return items
    newest = matching(items, words).order_by("-published_at").values("pk")[:CANDIDATES]
    candidates = SharedItem.objects.filter(pk__in=newest)
    if connection.vendor != "postgresql":
        return candidates.order_by("-published_at")
    return candidates.annotate(rank=SearchRank(F("search_vector"), _query(words))).order_by(
        F("rank").desc(), "-published_at"
    )


def matching(items: SharedItemQuerySet, words: str) -> SharedItemQuerySet:
    if connection.vendor == "postgresql":
        return items.filter(search_vector=_query(words))
    for word in words.split():
        items = items.filter(Q(search_text__icontains=word) | Q(title__icontains=word))
    return items


def many_matches(items: SharedItemQuerySet, words: str) -> bool:
    """Whether the search reached CANDIDATES matches: said instead of counting every match,
    which would read them all."""
    words = words.strip()
    if not words:
        return False
    newest = matching(items, words).order_by("-published_at").values_list("pk", flat=True)
    return len(newest[CANDIDATES - 1 : CANDIDATES]) == 1


def _query(words: str) -> SearchQuery:
    return SearchQuery(words, config="english", search_type="websearch")


def index_items(items: SharedItemQuerySet) -> None:
    """Store the items' search vectors (PostgreSQL only; one statement for any number)."""
    if connection.vendor == "postgresql":
        items.update(search_vector=VECTOR)


def index_item(item: SharedItem) -> None:
    index_items(SharedItem.objects.filter(pk=item.pk))


def texts(snapshot: dict[str, Any], where: str = "") -> list[tuple[str, str]]:
    """Every piece of text in the snapshot with where it sits, to screen and to search."""
    found: list[tuple[str, str]] = []
    if isinstance(snapshot, dict):
        for key, value in snapshot.items():
            if key != "sparkline":
                found += texts(value, f"{where}{key} ")
    elif isinstance(snapshot, list):
        for index, value in enumerate(snapshot):
            found += texts(value, f"{where}{index + 1} ")
    elif isinstance(snapshot, str) and snapshot:
        found.append((where.strip(), snapshot))
    return found


def search_text(snapshot: dict[str, Any]) -> str:
    """Every word of the snapshot, as the library's search reads it."""
    return " ".join(text for _, text in texts(snapshot))

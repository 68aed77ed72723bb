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


def search(items: SharedItemQuerySet, words: str) -> SharedItemQuerySet:
    words = words.strip()
    if not words:
        return items
    if connection.vendor == "postgresql":
        query = SearchQuery(words, config="english", search_type="websearch")
        return (
            items.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by(F("rank").desc(), "-published_at")
        )
    for word in words.split():
        items = items.filter(Q(search_text__icontains=word) | Q(title__icontains=word))
    return items


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

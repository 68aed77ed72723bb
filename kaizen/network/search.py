"""Searching the open library: PostgreSQL's full-text search where it runs, and on SQLite
every word found somewhere in the item, which is slower but finds the same items for plain
words."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from kaizen.network.models import SharedItemQuerySet


def search(items: SharedItemQuerySet, words: str) -> SharedItemQuerySet:
    words = words.strip()
    if not words:
        return items
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "search_text", weight="B", config="english"
        )
        query = SearchQuery(words, config="english", search_type="websearch")
        return (
            items.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by(F("rank").desc(), "-published_at")
        )
    for word in words.split():
        items = items.filter(Q(search_text__icontains=word) | Q(title__icontains=word))
    return items

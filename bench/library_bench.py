"""How fast is the open library's search over 100,000 shared items? (target: 200 ms on PostgreSQL)

Shares 100,000 items (made-up learning from a vocabulary of QI words, a few holding a rare
word) in a throwaway database (see platform_bench.py), indexes them as sharing does, then times
the signed-out library page searching for a rare word, a common word and two words: best and
median of 5 through Django's test client, and the search query alone. A word in most items
ranks only the newest 1,000 matches (kaizen/network/search.py), so it costs about what a rare
word does.

    .venv/bin/python bench/library_bench.py [--postgres URL] [--json] [--items N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, timed_get

ITEMS = 100_000
RUNS = 5
WORDS = [
    "falls",
    "night",
    "rounding",
    "huddle",
    "discharge",
    "midday",
    "sepsis",
    "screening",
    "pressure",
    "ulcer",
    "delirium",
    "handover",
    "medicines",
    "reconciliation",
    "theatre",
    "start",
    "late",
    "cancellations",
    "pharmacy",
    "bed",
    "flow",
    "nurse",
    "led",
    "criteria",
    "ward",
    "board",
    "safety",
    "cross",
    "patient",
    "family",
    "carer",
    "stroke",
    "thrombolysis",
    "door",
    "needle",
    "time",
    "infection",
    "hand",
    "hygiene",
    "catheter",
    "urinary",
    "tract",
    "mobility",
    "frailty",
    "assessment",
]
RARE = "tympanic"
SEARCHES = {"rare word": RARE, "common word": "falls", "two words": "night rounding"}


def main() -> None:
    command_line(__doc__, measure_library, print_figures)


def print_figures(figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"{name:<28} {value}")


def measure_library() -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from kaizen.network.models import SharedItem
    from kaizen.network.search import search

    started = time.perf_counter()
    share_items(ITEMS)
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "items": SharedItem.objects.count(),
        "setup_seconds": round(time.perf_counter() - started, 1),
    }
    client = Client()
    for name, words in SEARCHES.items():
        figures[f"page, {name}"] = timed_get(client, f"/library/?q={words}", runs=RUNS)
        figures[f"query, {name}"] = timed_query(
            lambda words=words: list(search(SharedItem.objects.public(), words)[:20])
        )
    if connection.vendor == "postgresql":
        plan = search(SharedItem.objects.public(), RARE)[:20].explain()
        figures["plan, rare word"] = "index" if "search_gin" in plan else "no index"
        # A common word's candidates come from walking the live items newest first.
        plan = search(SharedItem.objects.public(), "falls")[:20].explain()
        figures["plan, common word"] = (
            "newest-first index" if "shareditem_live_newest" in plan else "no index"
        )
    return figures


def timed_query(run: Any) -> dict[str, Any]:
    run()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        found = run()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "best_ms": round(min(timings), 1),
        "median_ms": round(statistics.median(timings), 1),
        "found": len(found),
    }


def share_items(count: int) -> None:
    """Items as sharing stores them (snapshot, search text, vector), bulk-made for speed."""
    from django.db import connection
    from django.utils import timezone

    from kaizen.accounts.models import Organisation
    from kaizen.network.models import SharedItem
    from kaizen.network.search import index_items

    organisation = Organisation.objects.create(name="Bench Trust", slug="bench-trust")
    noise = random.Random(15)
    now = timezone.now()
    batch = []
    for number in range(count):
        title = " ".join(noise.choices(WORDS, k=4)).capitalize()
        learned = " ".join(noise.choices(WORDS, k=40))
        if number % 10_000 == 0:
            learned += f" {RARE} thermometers"
        snapshot = {
            "organisation": organisation.name,
            "title": title,
            "aim": "",
            "ideas": [{"title": title, "stage": "Testing", "verdicts": [], "cycles": []}],
        }
        batch.append(
            SharedItem(
                organisation=organisation,
                reach=SharedItem.Reach.PUBLIC,
                title=title,
                snapshot=snapshot,
                search_text=f"{title} {learned}",
                published_at=now - timezone.timedelta(minutes=number),
            )
        )
    SharedItem.objects.bulk_create(batch, batch_size=5_000)
    index_items(SharedItem.objects.all())
    if connection.vendor == "postgresql":
        # What autovacuum does after a load: the planner needs the table's statistics to
        # choose the GIN index.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE network_shareditem")


if __name__ == "__main__":
    main()

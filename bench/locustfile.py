"""The load mix of bench/load_bench.py: signed-in people reading the board summary, charts and the
portfolio, and entering data, as a trust's staff do through the day.

Run by load_bench.py, which passes the demo trust's slug and measure ids in KAIZEN_LOAD_* variables
and the pause between one person's requests in KAIZEN_LOAD_PAUSE (seconds).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random

from locust import HttpUser, constant, task
from locust.exception import StopUser

ORG = os.environ.get("KAIZEN_LOAD_ORG", "kestrel-vale")
MEASURES = [int(pk) for pk in os.environ.get("KAIZEN_LOAD_MEASURES", "").split(",") if pk]
ENTRY_MEASURES = [int(pk) for pk in os.environ.get("KAIZEN_LOAD_ENTRY", "").split(",") if pk]
COOKIE = os.environ.get("KAIZEN_LOAD_COOKIE", "sessionid")
# One signed-in session per simulated person, made by load_bench.py.
SESSIONS = itertools.cycle(os.environ.get("KAIZEN_LOAD_SESSIONS", "").split(","))
PAUSE = float(os.environ.get("KAIZEN_LOAD_PAUSE", "0"))


class StaffMember(HttpUser):
    wait_time = constant(PAUSE)

    def on_start(self) -> None:
        self.client.cookies.set(COOKIE, next(SESSIONS))
        # The chart page carries the data-entry form, so it also hands out the CSRF cookie.
        page = self.client.get(f"/o/{ORG}/measures/{MEASURES[0]}/", name="chart")
        if "/sign-in/" in page.url:
            raise StopUser("the session was not accepted")

    @task(3)
    def board_summary(self) -> None:
        self.client.get(f"/o/{ORG}/measures/summary/", name="board summary")

    @task(4)
    def chart(self) -> None:
        pk = random.choice(MEASURES)
        self.client.get(f"/o/{ORG}/measures/{pk}/", name="chart")

    @task(2)
    def portfolio(self) -> None:
        self.client.get(f"/o/{ORG}/projects/", name="portfolio")

    @task(1)
    def data_entry(self) -> None:
        # A figure for a recent month, replacing what is there: the measure's data version
        # changes, as it does when a ward enters its numbers.
        pk = random.choice(ENTRY_MEASURES)
        month = dt.date.today().replace(day=1) - dt.timedelta(days=random.randint(1, 300))
        self.client.post(
            f"/o/{ORG}/measures/{pk}/data/",
            {
                "period": month.replace(day=1).isoformat(),
                "value": f"{random.uniform(10, 90):.1f}",
                "replace": "on",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"HX-Request": "true", "Referer": f"{self.host}/o/{ORG}/measures/{pk}/"},
            name="data entry",
        )

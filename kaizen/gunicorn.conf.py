"""gunicorn's settings for `make serve`, each overridable by an environment variable.

Kaizen's requests are CPU-bound (charts, SPC, templates), so processes rather than threads carry
the load: by default two workers per core plus one, each with two threads so a slow client or a
PDF does not hold a whole process.
"""

import multiprocessing
import os

bind = os.getenv("BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.getenv("WEB_THREADS", "2"))
timeout = int(os.getenv("WEB_TIMEOUT", "60"))
graceful_timeout = int(os.getenv("WEB_GRACEFUL_TIMEOUT", "30"))
max_requests = int(os.getenv("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
wsgi_app = "kaizen.wsgi:application"
accesslog = os.getenv("WEB_ACCESS_LOG", "-")

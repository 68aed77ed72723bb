"""Gunicorn's settings for `make serve` and the systemd unit in the README (gunicorn reads this
file from the working directory). Every value can be changed by an environment variable.

Kaizen's requests spend most of their time on the CPU (SPC, charts, templates), so one worker
process per core does the work, and a few threads in each keep a core busy while another
request waits on the database or a client."""

from __future__ import annotations

import os

from kaizen.settings import LOGGING

wsgi_app = "kaizen.wsgi:application"
bind = os.getenv("BIND", "127.0.0.1:8000")
workers = int(os.getenv("WEB_WORKERS") or max(2, os.cpu_count() or 1))
threads = int(os.getenv("WEB_THREADS") or 4)
worker_class = "gthread"
# A request still running after this many seconds is stopped; the board PDF is the slowest page.
timeout = int(os.getenv("WEB_TIMEOUT") or 60)
graceful_timeout = int(os.getenv("WEB_GRACEFUL_TIMEOUT") or 30)
keepalive = int(os.getenv("WEB_KEEPALIVE") or 5)
# Recycle each worker after about this many requests, so a slow leak can never grow for weeks.
max_requests = int(os.getenv("WEB_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
# Kaizen logs each request itself (kaizen.serving), so no access log; gunicorn's own messages use
# the same one-JSON-object-a-line format (Django configures its own loggers in each worker).
accesslog = None
logconfig_dict = {
    **LOGGING,
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}
# No gunicorn control socket: nothing uses it, and a system user may have no home to put it in.
control_socket_disable = True

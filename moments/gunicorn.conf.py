"""Gunicorn's settings for Moments CMS: ``make serve``, or ``gunicorn -c moments/gunicorn.conf.py``.

A cached ``moment`` is Python work, not waiting: one synchronous worker per
core serves the most of them (on 2 cores, 2 workers answered 1,023 a second
where 5 answered 614, and threaded workers half as many). ``WEB_CONCURRENCY``
sets another count; anything else gunicorn knows goes in ``GUNICORN_CMD_ARGS``.
Synchronous workers need a buffering reverse proxy (nginx) in front, or each
slow client holds a worker: see the README.
"""

import math
import os
from pathlib import Path

if os.environ.get("DEBUG", "").strip().lower() not in {"0", "false", "no", "off"}:
    raise SystemExit("gunicorn serves the production way: set DEBUG=false (and SECRET_KEY, …); `make run` is for development.")


def cores() -> int:
    """The cores this process may use: its CPU set, or its container's CPU limit (cgroup v2) when lower."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        limit = math.ceil(int(quota) / int(period))
    except (OSError, ValueError):  # no cgroup v2, or "max": no limit
        return available
    return max(1, min(available, limit))


wsgi_app = "moments.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", cores()))
# Checking and cleaning a post's nine photos takes seconds (bench/photo_intake.py).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Behind a reverse proxy on another host, name it here so its X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for standard output
errorlog = "-"

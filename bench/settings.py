"""Settings for `make bench`: production-like serving (DEBUG off, a real cache) on PostgreSQL.

Media goes under bench/out/ so the generated photos and renditions never mix
with a developer's own media. Static files use the plain storage so the bench
needs no `collectstatic` run; the manifest storage only adds a dictionary
lookup per `{% static %}` tag.
"""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DATABASES

# One connection for the whole run, as a long-lived worker keeps it; run.py
# reads that backend's CPU time.
DATABASES["default"]["CONN_MAX_AGE"] = None

SECRET_KEY = "bench-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "bench" / "out" / "media"
STATIC_ROOT = BASE_DIR / "bench" / "out" / "static"  # run.py creates it; WhiteNoise wants it to exist
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The same cache the store runs with: Redis when REDIS_URL is set, else the
# per-process memory cache. Never the dummy cache: facet definitions and
# Wagtail's site lookups are meant to come from it.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench",
              "OPTIONS": {"MAX_ENTRIES": 50_000}}
    )
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline unless BENCH_QUEUE_TASKS=1: the orders benchmark's web server then only
# enqueues them (e-mails, reindexing), as a production web process does.
Q_CLUSTER = {"name": "bench", "sync": os.environ.get("BENCH_QUEUE_TASKS") != "1", "orm": "default",
             "timeout": 60, "retry": 120}

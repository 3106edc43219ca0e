"""Test settings: fast hashing, in-memory media, whatever database DATABASE_URL names."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="kramnytsia-test-media-")
CHANNELS_FEED_ROOT = tempfile.mkdtemp(prefix="kramnytsia-test-feeds-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
Q_CLUSTER = {"name": "test", "sync": True, "orm": "default", "timeout": 60, "retry": 120}

# Serve static files straight from the app folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Every analytics event is written at once, so a test sees it without flushing.
ANALYTICS_BUFFER_SIZE = 1

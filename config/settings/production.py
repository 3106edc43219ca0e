"""Production: everything from the environment, HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import PAYMENTS_SANDBOX, env_bool, os

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50+ characters.")
if SECRET_KEY.startswith("change-me"):  # core.checks.PLACEHOLDER_KEY_PREFIX
    raise ImproperlyConfigured(
        "SECRET_KEY is still the placeholder of deploy/env.example: generate a real one.")

# Rate limits count in the cache, so it must be shared by every worker: Redis, else the database.
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "django_cache"}}

DEBUG = False
if PAYMENTS_SANDBOX:
    raise ImproperlyConfigured("PAYMENTS_SANDBOX must be off in production: test payments would count "
                               "as paid.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True  # set by Django's set_language view; no script reads it
LANGUAGE_COOKIE_SAMESITE = "Lax"
API_DOCS = env_bool("API_DOCS", False)  # /api/docs shows every endpoint: off unless asked for
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shop@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

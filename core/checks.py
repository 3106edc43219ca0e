"""Deployment checks (`manage.py check --deploy`): settings that pass Django's own checklist
yet would leave a production shop open."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# The placeholder deploy/env.example ships; a real key never starts like this.
PLACEHOLDER_KEY_PREFIX = "change-me"
PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",
                      "django.core.cache.backends.dummy.DummyCache")


def is_placeholder_key(key: str) -> bool:
    return (key or "").startswith(PLACEHOLDER_KEY_PREFIX)


@register(Tags.security, deploy=True)
def secret_key_is_not_the_example(app_configs, **kwargs):
    if is_placeholder_key(settings.SECRET_KEY):
        return [Error("SECRET_KEY is the placeholder from deploy/env.example.",
                      hint="Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                      id="core.E001")]
    return []


@register(Tags.caches, deploy=True)
def rate_limits_are_shared_by_all_workers(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [Error(f"The default cache ({backend.rsplit('.', 1)[-1]}) lives in one process: each "
                      "gunicorn worker would count sign-in and search limits on its own.",
                      hint="Set REDIS_URL, or use the database cache (manage.py createcachetable).",
                      id="core.E002")]
    return []


@register(Tags.security, deploy=True)
def client_address_is_stated(app_configs, **kwargs):
    if not settings.CLIENT_ADDRESS_HEADER and not settings.TRUSTED_PROXY_HOPS:
        return [Warning("Neither CLIENT_ADDRESS_HEADER nor TRUSTED_PROXY_HOPS is set: behind a proxy "
                        "every shopper has the proxy's address and one bucket of rate limits.",
                        hint="With the shipped nginx: CLIENT_ADDRESS_HEADER=X-Real-IP.", id="core.W001")]
    return []

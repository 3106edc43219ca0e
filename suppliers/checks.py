"""`manage.py check --deploy`: store connectors' secrets should have their own key."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def credentials_have_their_own_key(app_configs, **kwargs):
    if getattr(settings, "SUPPLIER_CREDENTIALS_KEYS", ""):
        return []
    return [Warning(
        "SUPPLIER_CREDENTIALS_KEYS is not set: store connectors' secrets are encrypted with a key "
        "derived from SECRET_KEY, and changing SECRET_KEY makes them unreadable.",
        hint="Set SUPPLIER_CREDENTIALS_KEYS to a Fernet key (python -c 'from cryptography.fernet import "
             "Fernet; print(Fernet.generate_key().decode())'); list the old key after a new one to rotate.",
        id="suppliers.W001")]


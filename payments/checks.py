"""`manage.py check --deploy`: sandbox payments must never be on where real money moves.
(config/settings/production.py refuses to start with them, too.)"""

from django.conf import settings
from django.core.checks import Error, Tags, register

from payments.providers import PROVIDERS


@register(Tags.security, deploy=True)
def sandbox_refused_in_production(app_configs, **kwargs):
    errors = []
    if settings.PAYMENTS_SANDBOX:
        errors.append(Error("PAYMENTS_SANDBOX is on: test payments would count as paid.",
                            hint="Unset PAYMENTS_SANDBOX in production.", id="payments.E001"))
    if settings.WAYFORPAY_MERCHANT_ACCOUNT == "test_merch_n1":
        errors.append(Error("WAYFORPAY_MERCHANT_ACCOUNT is WayForPay's public test merchant.",
                            id="payments.E002"))
    return errors


@register()
def callbacks_reach_us(app_configs, **kwargs):
    configured = [p.label for p in PROVIDERS.values() if p.configured()]
    if configured and not settings.PAYMENTS_BASE_URL.startswith(("https://", "http://")):
        return [Error(f"PAYMENTS_BASE_URL must be an absolute URL for {', '.join(configured)} callbacks.",
                      id="payments.E003")]
    return []

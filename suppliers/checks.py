"""Deployment checks of the supplier sync (`manage.py check --deploy`)."""

from django.core.checks import Error, Tags, register

from .sync import conf


@register(Tags.security, deploy=True)
def ssrf_guard_is_on(app_configs, **kwargs):
    if conf.get("SUPPLIER_FEEDS_ALLOW_PRIVATE"):
        return [Error("SUPPLIER_FEEDS_ALLOW_PRIVATE lets every supplier's feed, store and photo URLs "
                      "reach the shop's own network.",
                      hint="Remove it; name the hosts of a supplier on your network in its "
                           "'allowed private hosts' instead.", id="suppliers.E001")]
    return []

"""The public endpoint stores post their webhooks to: /suppliers/webhooks/<supplier slug>/.

Answers fast and does no sync work itself (connectors/webhooks.py schedules it): 200 for a
delivery taken or knowingly ignored (a repeat, a stale one, WooCommerce's ping), 401 for a
wrong signature, 404 when the supplier takes no webhooks (no such store supplier or no
webhook secret).
"""

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from suppliers.connectors import credentials, webhooks
from suppliers.models import Supplier

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def store_webhook(request, slug):
    supplier = Supplier.objects.filter(slug=slug, active=True, dialect__in=["woocommerce", "shopify"]).first()
    secret = ""
    if supplier is not None:
        try:
            secret = credentials.resolve(supplier).get("webhook_secret", "")
        except credentials.CredentialsError:
            logger.error("webhook for %s: the stored credentials cannot be decrypted", slug)
    if not secret:
        return JsonResponse({"ok": False, "error": "no webhooks here"}, status=404)
    try:
        delivery = webhooks.verify(supplier.dialect, request.headers, request.body, secret, supplier.feed_url)
    except webhooks.WebhookRefused as exc:
        logger.warning("webhook for %s refused: %s", slug, exc)
        return JsonResponse({"ok": False, "error": str(exc)}, status=exc.status)
    return JsonResponse({"ok": True, "result": webhooks.accept(supplier, delivery)})

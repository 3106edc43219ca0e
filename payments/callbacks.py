"""Provider callbacks (server to server): verified first; anything that does not verify gets 400
and changes nothing."""

import logging

from django.http import Http404, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments.events import record_callback
from payments.providers import PROVIDERS, CallbackRejected

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def callback(request, provider):
    provider = PROVIDERS.get(provider)
    # Without its keys a provider's signature proves nothing (anyone can sign with an empty key).
    if provider is None or not provider.configured():
        raise Http404("no such payment provider")
    body = provider.signed_body(request)  # read first: what was signed is what we keep
    try:
        event = provider.verify(request)
        record_callback(provider, event, body)
    except CallbackRejected as error:
        log.warning("%s callback rejected: %s", provider.code, error)
        return HttpResponseBadRequest(f"Rejected: {error}", content_type="text/plain")
    return provider.acknowledge(event)

"""IndexNow: tell Bing, Yandex and the other participating engines which URLs changed.

The key lives in INDEXNOW_KEY and is served at /{key}.txt (views.indexnow_key). Changed product
and category URLs (supplier syncs and editors' publishes alike) are queued through django-q2
and POSTed as {"host", "key", "keyLocation", "urlList"} in batches of at most 10,000 URLs.
200 and 202 are success (202: the key is still being checked); 429 and 5xx are retried with
backoff; 403 (key not valid), 422 (URLs not of this host, or key mismatch) and 400 are errors
that retrying cannot fix: they are logged and raised so the task shows as failed.
Google does not take part, so sitemaps stay the main way in.
"""

from __future__ import annotations

import logging
import re
import time
from urllib.parse import urlsplit

from django.conf import settings

from channels.projection import site_root_url
from channels.retry import GaveUp, post_json

logger = logging.getLogger(__name__)
KEY_RE = re.compile(r"^[A-Za-z0-9-]{8,128}$")
MAX_BATCH = 10_000
HINTS = {
    400: "bad request",
    403: "the key is not valid (is /{key}.txt reachable and does it hold exactly the key?)",
    422: "the URLs do not belong to the host, or the key does not match",
}


class IndexNowError(Exception):
    pass


def configured_key() -> str:
    """The key, when one is set and valid ('' otherwise: IndexNow is off)."""
    key = settings.INDEXNOW_KEY
    if key and not KEY_RE.match(key):
        logger.error("INDEXNOW_KEY must be 8-128 characters of a-z, A-Z, 0-9 and '-'; IndexNow is off")
        return ""
    return key


def submit(urls, *, sleep=time.sleep) -> list[int]:
    """POST the URLs in batches; the status code of each batch. Raises IndexNowError on 4xx."""
    key = configured_key()
    if not key:
        return []
    site = site_root_url()
    host = urlsplit(site).hostname
    unique = list(dict.fromkeys(u for u in urls if urlsplit(u).hostname == host))
    size = min(settings.INDEXNOW_BATCH, MAX_BATCH)
    statuses = []
    for start in range(0, len(unique), size):
        payload = {"host": host, "key": key, "keyLocation": f"{site}/{key}.txt",
                   "urlList": unique[start: start + size]}
        try:
            response = post_json(settings.INDEXNOW_ENDPOINT, payload,
                                 headers={"Content-Type": "application/json; charset=utf-8"},
                                 retryable=lambda r: r.status_code == 429 or r.status_code >= 500,
                                 retries=settings.INDEXNOW_RETRIES, backoff=settings.INDEXNOW_BACKOFF_SECONDS,
                                 sleep=sleep)
        except GaveUp as exc:
            raise IndexNowError(f"IndexNow kept refusing after the retries: {exc.last}") from exc
        if response.status_code not in (200, 202):
            hint = HINTS.get(response.status_code, response.text[:200])
            logger.error("IndexNow answered %s: %s", response.status_code, hint)
            raise IndexNowError(f"IndexNow answered {response.status_code}: {hint}")
        statuses.append(response.status_code)
    return statuses


def product_and_category_urls(product_ids) -> list[str]:
    """Absolute URLs of the visible products and of their categories."""
    from shop.models import CategoryPage, Product

    site = site_root_url()
    urls, category_ids = [], set()
    for product in Product.objects.visible().filter(pk__in=list(product_ids)).only("slug", "category_id"):
        urls.append(site + product.get_absolute_url())
        if product.category_id:
            category_ids.add(product.category_id)
    urls += [page.get_full_url() for page in CategoryPage.objects.live().filter(pk__in=category_ids)]
    return [u for u in urls if u]

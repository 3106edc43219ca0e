"""IndexNow: tell Bing, Yandex and the other participating engines which URLs changed.

The key lives in INDEXNOW_KEY and is served at /{key}.txt (views.indexnow_key). Changed product
and category URLs (supplier syncs and editors' publishes alike) are queued in the database, in
the transaction that changed them. A django-q2 schedule submits the URLs that have been quiet
for INDEXNOW_QUIET_SECONDS, POSTing {"host", "key", "keyLocation", "urlList"} in batches of at
most 10,000 URLs. 200 and 202 are success (202: the key is still being checked). 429, 5xx and
network errors defer the queue (Retry-After, else a backoff that doubles per failure) instead
of sleeping in the worker; 400, 403 (key not valid) and 422 (URLs not of this host, or key
mismatch) are refusals that retrying soon cannot fix: they are logged and tried again an hour
later, the URLs kept. Google does not take part, so sitemaps stay the main way in.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

from channels.models import IndexNowSubmission, IndexNowUrl
from channels.projection import site_root_url

logger = logging.getLogger(__name__)
KEY_RE = re.compile(r"^[A-Za-z0-9-]{8,128}$")
MAX_BATCH = 10_000
MAX_DEFER = timedelta(days=1)
REFUSED_PAUSE = timedelta(hours=1)
KEEP_RECORDS = timedelta(days=30)
HINTS = {
    400: "bad request",
    403: "the key is not valid (is /{key}.txt reachable and does it hold exactly the key?)",
    422: "the URLs do not belong to the host, or the key does not match",
}
Outcome = IndexNowSubmission.Outcome


def configured_key() -> str:
    """The key, when one is set and valid ('' otherwise: IndexNow is off)."""
    key = settings.INDEXNOW_KEY
    if key and not KEY_RE.match(key):
        logger.error("INDEXNOW_KEY must be 8-128 characters of a-z, A-Z, 0-9 and '-'; IndexNow is off")
        return ""
    return key


def queue(urls) -> int:
    """Queue our host's URLs (a URL already waiting waits again from now); how many were queued."""
    if not configured_key():
        return 0
    host = urlsplit(site_root_url()).hostname
    now = timezone.now()
    rows = [IndexNowUrl(url=url, changed_at=now)
            for url in dict.fromkeys(urls) if url and len(url) <= 2000 and urlsplit(url).hostname == host]
    IndexNowUrl.objects.bulk_create(rows, batch_size=1000, update_conflicts=True,
                                    unique_fields=["url"], update_fields=["changed_at"])
    return len(rows)


def submit_due(*, now=None) -> list[IndexNowSubmission]:
    """Submit every URL that has been quiet long enough, batch by batch, until one is not accepted."""
    key = configured_key()
    now = now or timezone.now()
    last = IndexNowSubmission.objects.order_by("-sent_at", "-pk").first()
    if not key or (last and last.retry_at and last.retry_at > now):
        return []
    failures = last.failures_in_a_row if last else 0
    cutoff = now - timedelta(seconds=settings.INDEXNOW_QUIET_SECONDS)
    size = min(settings.INDEXNOW_BATCH, MAX_BATCH)
    submissions = []
    while batch := list(IndexNowUrl.objects.filter(changed_at__lte=cutoff)
                        .order_by("changed_at", "pk").values_list("pk", "url")[:size]):
        submission = post_batch(key, [url for _pk, url in batch], failures=failures, now=now)
        submissions.append(submission)
        if submission.outcome != Outcome.ACCEPTED:
            break
        # A URL changed again while the batch was in flight stays queued for the next round.
        IndexNowUrl.objects.filter(pk__in=[pk for pk, _url in batch], changed_at__lte=cutoff).delete()
        failures = 0
    IndexNowSubmission.objects.filter(sent_at__lt=now - KEEP_RECORDS).delete()
    return submissions


def post_batch(key: str, urls: list[str], *, failures: int, now) -> IndexNowSubmission:
    """One POST, recorded with what it means for the next try."""
    site = site_root_url()
    payload = {"host": urlsplit(site).hostname, "key": key, "keyLocation": f"{site}/{key}.txt",
               "urlList": urls}
    submission = IndexNowSubmission(sent_at=now, urls=len(urls))
    try:
        response = httpx.post(settings.INDEXNOW_ENDPOINT, json=payload, timeout=30.0,
                              headers={"Content-Type": "application/json; charset=utf-8"})
    except httpx.TransportError as exc:
        _defer(submission, failures, f"{type(exc).__name__}: {exc}", retry_after=None)
    else:
        submission.status_code = response.status_code
        if response.status_code in (200, 202):
            submission.outcome = Outcome.ACCEPTED
        elif response.status_code == 429 or response.status_code >= 500:
            _defer(submission, failures, f"HTTP {response.status_code}: {response.text[:200]}",
                   retry_after=response.headers.get("Retry-After"))
        else:
            hint = HINTS.get(response.status_code, response.text[:200])
            logger.error("IndexNow refused %s URLs with %s: %s", len(urls), response.status_code, hint)
            submission.outcome, submission.message = Outcome.REFUSED, f"HTTP {response.status_code}: {hint}"
            submission.failures_in_a_row = failures + 1
            submission.retry_at = now + REFUSED_PAUSE
    submission.save()
    return submission


def _defer(submission, failures: int, message: str, retry_after: str | None) -> None:
    submission.outcome, submission.message = Outcome.DEFERRED, message[:500]
    submission.failures_in_a_row = failures + 1
    delay = timedelta(seconds=settings.INDEXNOW_BACKOFF_SECONDS * 2 ** failures)
    try:
        delay = timedelta(seconds=max(0.0, float(retry_after or "")))
    except ValueError:
        pass
    submission.retry_at = submission.sent_at + min(delay, MAX_DEFER)
    logger.warning("IndexNow deferred %s URLs until %s: %s", submission.urls, submission.retry_at, message)


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

"""The search log: one row per normalised query, and one per query and day (never one per request)."""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.models import SearchQuery, SearchQueryDay

POPULAR_KEY = "search:popular"


def record(text: str, results: int):
    """Count one search for `text` (already normalised) that found `results` products."""
    text = (text or "")[:200]
    if not text:
        return
    now, today = timezone.now(), timezone.localdate()
    query_id = _get_or_create(SearchQuery, {"text": text}, {"results": results})
    SearchQuery.objects.filter(pk=query_id).update(hits=F("hits") + 1, results=results, last_searched_at=now)
    day_id = _get_or_create(SearchQueryDay, {"query_id": query_id, "day": today}, {"results": results})
    SearchQueryDay.objects.filter(pk=day_id).update(hits=F("hits") + 1, results=results)


def _get_or_create(model, lookup, defaults):
    """The row's id; two requests creating it at once both end up with the same row."""
    found = model.objects.filter(**lookup).values_list("pk", flat=True).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return model.objects.create(**lookup, **defaults).pk
    except IntegrityError:
        return model.objects.filter(**lookup).values_list("pk", flat=True).get()


def popular_queries(limit=12) -> list[str]:
    """Queries managers marked popular, the most searched first (cached for five minutes)."""
    found = cache.get(POPULAR_KEY)
    if found is None:
        found = list(SearchQuery.objects.filter(popular=True).order_by("-hits", "text")
                     .values_list("text", flat=True)[:50])
        cache.set(POPULAR_KEY, found, 300)
    return found[:limit]


def forget_popular(**kwargs):
    cache.delete(POPULAR_KEY)

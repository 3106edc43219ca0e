"""Writes the embedded index (SearchDocument, SearchTerm, SearchPosting) for a batch of products.

Kept whatever the backend: query understanding reads its vocabulary, and the
database backend answers searches from its postings.
"""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from search.models import SearchDocument, SearchPosting, SearchTerm

CHUNK = 2000


def update(documents, gone_ids) -> set:
    """Replace the postings of every product in the batch; returns the ids of the terms touched."""
    ids = [d.id for d in documents] + list(gone_ids)
    weighted = {d.id: d.weighted_words() for d in documents}
    with transaction.atomic():
        touched = set(SearchPosting.objects.filter(product_id__in=ids).values_list("term_id", flat=True))
        SearchPosting.objects.filter(product_id__in=ids).delete()
        SearchDocument.objects.filter(product_id__in=gone_ids).delete()
        SearchDocument.objects.bulk_create(
            [SearchDocument(product_id=d.id, text=" ".join(weighted[d.id])) for d in documents],
            update_conflicts=True, unique_fields=["product"], update_fields=["text", "updated_at"],
        )
        wanted = {w for found in weighted.values() for w in found}
        term_ids = _term_ids(wanted)
        SearchPosting.objects.bulk_create([
            SearchPosting(term_id=term_ids[word], product_id=product_id, weight=weight)
            for product_id, found in weighted.items() for word, weight in found.items()
        ], batch_size=CHUNK)
        touched |= set(term_ids.values())
        recount(touched)
    return touched


def _term_ids(wanted) -> dict:
    wanted = sorted(wanted)
    known = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        known.update(SearchTerm.objects.filter(word__in=chunk).values_list("word", "id"))
    missing = [w for w in wanted if w not in known]
    if missing:
        SearchTerm.objects.bulk_create([SearchTerm(word=w) for w in missing], ignore_conflicts=True,
                                       batch_size=CHUNK)
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start:start + CHUNK]
            known.update(SearchTerm.objects.filter(word__in=chunk).values_list("word", "id"))
    return known


def recount(term_ids):
    """Set each term's product count from its postings. Terms left at zero are removed by `prune`
    (not here: another batch may be adding postings to them right now)."""
    term_ids = sorted(term_ids)
    counts = (SearchPosting.objects.filter(term_id=OuterRef("pk")).order_by()
              .values("term_id").annotate(n=Count("*")).values("n"))
    for start in range(0, len(term_ids), CHUNK):
        SearchTerm.objects.filter(pk__in=term_ids[start:start + CHUNK]).update(
            documents=Coalesce(Subquery(counts), Value(0)))


def prune():
    """Remove words no product uses any more (run by the full reindex)."""
    SearchTerm.objects.filter(documents=0).exclude(
        pk__in=SearchPosting.objects.values("term_id")).delete()


def clear():
    SearchPosting.objects.all().delete()
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()

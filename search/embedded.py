"""Writes the embedded index (SearchDocument, SearchTerm, SearchPosting) for a batch of products.

Kept whatever the backend: query understanding reads its vocabulary, and the
database backend answers searches from its postings.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from search.models import SearchDocument, SearchPosting, SearchTerm

CHUNK = 2000


def update(documents, gone_ids) -> set:
    """Replace the postings of every product in the batch; returns the ids of the terms touched."""
    ids = [d.id for d in documents] + list(gone_ids)
    labels = {}
    weighted = {d.id: d.weighted_words(labels) for d in documents}
    with transaction.atomic():
        old = Counter(SearchPosting.objects.filter(product_id__in=ids).values_list("term_id", flat=True))
        SearchPosting.objects.filter(product_id__in=ids).delete()
        SearchDocument.objects.filter(product_id__in=gone_ids).delete()
        SearchDocument.objects.bulk_create(
            [SearchDocument(product_id=d.id, text=" ".join(weighted[d.id])) for d in documents],
            update_conflicts=True, unique_fields=["product"], update_fields=["text", "updated_at"],
        )
        wanted = {w for found in weighted.values() for w in found}
        term_ids = _term_ids(wanted, labels)
        SearchPosting.objects.bulk_create([
            SearchPosting(term_id=term_ids[word], product_id=d.id, weight=weight, in_stock=int(d.in_stock),
                          seasons=d.season_bits, category_id=d.category_ids[0] if d.category_ids else None)
            for d in documents for word, weight in weighted[d.id].items()
        ], batch_size=CHUNK)
        new = Counter(term_ids[word] for found in weighted.values() for word in found)
        _adjust_counts({term: new[term] - old[term] for term in old.keys() | new.keys()})
    return set(old) | set(new)


def _adjust_counts(deltas):
    """Add each term's change in products; one UPDATE per distinct change, not per term."""
    by_delta = defaultdict(list)
    for term_id, delta in deltas.items():
        if delta:
            by_delta[delta].append(term_id)
    for delta, term_ids in by_delta.items():
        for start in range(0, len(term_ids), CHUNK):
            SearchTerm.objects.filter(pk__in=term_ids[start:start + CHUNK]).update(
                documents=F("documents") + delta)


def _term_ids(wanted, labels) -> dict:
    wanted = sorted(wanted)
    known = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        known.update(SearchTerm.objects.filter(word__in=chunk).values_list("word", "id"))
    missing = [w for w in wanted if w not in known]
    if missing:
        SearchTerm.objects.bulk_create([SearchTerm(word=w, label=labels.get(w, w)) for w in missing],
                                       ignore_conflicts=True, batch_size=CHUNK)
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start:start + CHUNK]
            known.update(SearchTerm.objects.filter(word__in=chunk).values_list("word", "id"))
    return known


def recount():
    """Set every term's product count from its postings (the full reindex ends with it)."""
    counts = (SearchPosting.objects.filter(term_id=OuterRef("pk")).order_by()
              .values("term_id").annotate(n=Count("*")).values("n"))
    SearchTerm.objects.update(documents=Coalesce(Subquery(counts), Value(0)))


def prune():
    """Remove words no product uses any more (run by the full reindex; not after each batch:
    another batch may be adding postings to them right now)."""
    SearchTerm.objects.filter(documents=0).exclude(
        pk__in=SearchPosting.objects.values("term_id")).delete()


def clear():
    SearchPosting.objects.all().delete()
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()

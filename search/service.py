"""One search, whatever the backend: understand the query, search, and retry a better reading.

When the query as typed finds little (fewer than FEW products) or contains
words the catalog does not know, the readings from search.query.corrections
(keyboard layout, transliteration) are tried, likeliest first; the first that
finds more is shown, with the correction it applied.
"""

from dataclasses import dataclass

from django.conf import settings

from search.backends import Hits, get_backend
from search.query import Query, corrections, parse

FEW = 3
MAX_RETRIES = 2


@dataclass
class Outcome:
    typed: Query  # what the shopper typed
    query: Query  # what was searched: the typed query or a correction of it
    hits: Hits

    @property
    def correction(self):
        return self.query.correction

    @property
    def searched(self) -> bool:
        return self.typed.searchable


def max_hits() -> int:
    return int(getattr(settings, "SEARCH_MAX_HITS", 1000))


def run(raw, *, correct=True, limit=None) -> Outcome:
    typed = parse(raw)
    if not typed.searchable:
        return Outcome(typed, typed, Hits())
    backend = get_backend()
    limit = limit or max_hits()
    hits = backend.search(typed, limit)
    if not correct or hits.total >= FEW and typed.coverage() == len(typed.groups):
        return Outcome(typed, typed, hits)
    for reading in corrections(typed)[:MAX_RETRIES]:
        found = backend.search(reading, limit)
        if found.total > hits.total or (found.total and typed.coverage() < len(typed.groups)):
            return Outcome(typed, reading, found)
    return Outcome(typed, typed, hits)

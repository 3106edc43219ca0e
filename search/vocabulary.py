"""The catalog's words and the manager's synonyms, held in memory by each process.

Both are small (tens of thousands of words at most) and read on every search,
so each process keeps a copy and reloads it when the index announces a change
(a new "generation" in the cache) or, at the latest, after MAX_AGE seconds: a
per-process cache (locmem) never hears about changes made by another process.

Typo matching follows Meilisearch's rule (search.text.typo_budget) with the
optimal-string-alignment distance, so a swapped pair of letters is one typo.
"""

import bisect
import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.text import plain, typo_budget, words

GENERATION_KEY = "search:generation"
MAX_AGE = 60
PREFIX_LIMIT = 30
TYPO_LIMIT = 20

# How well a catalog word matches a query word; higher is better.
EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 4, 3, 2, 1


@dataclass(frozen=True)
class Match:
    word: str
    term_id: int
    quality: int


class Vocabulary:
    def __init__(self, rows):
        """rows: (term id, folded word, number of products, the word as written)."""
        self.terms, self.labels = {}, {}
        for term_id, word, documents, *label in rows:
            self.terms[word] = (term_id, documents)
            if label and label[0]:
                self.labels[word] = label[0]
        self.sorted = sorted(self.terms)
        self.lettered = [w for w in self.sorted if not w.isdigit()]

    def __len__(self):
        return len(self.terms)

    def __contains__(self, word):
        return word in self.terms

    def matches(self, word: str, prefix: bool = False) -> list[Match]:
        """Catalog words standing for `word`: itself, longer words it starts (when `prefix`),
        and words within its typo budget. Best quality first."""
        found = {}
        if word in self.terms:
            found[word] = EXACT
        if prefix:
            for other in self._prefixed(word):
                found.setdefault(other, PREFIX)
        budget = typo_budget(word)
        if budget:
            for other, distance, _ in process.extract(
                word, self.lettered, scorer=OSA.distance, score_cutoff=budget, limit=TYPO_LIMIT
            ):
                found.setdefault(other, ONE_TYPO if distance <= 1 else TWO_TYPOS)
        ranked = sorted(found.items(), key=lambda item: (-item[1], -self.terms[item[0]][1]))
        return [Match(w, self.terms[w][0], quality) for w, quality in ranked]

    def best_quality(self, word: str, prefix: bool = False) -> int:
        if word in self.terms:
            return EXACT
        found = self.matches(word, prefix)
        return found[0].quality if found else 0

    def label(self, word: str) -> str:
        return self.labels.get(word, word)

    def documents(self, word: str) -> int:
        return self.terms.get(word, (0, 0))[1]

    def _prefixed(self, prefix: str):
        """The PREFIX_LIMIT most used words that start with `prefix` (and are longer)."""
        start = bisect.bisect_right(self.sorted, prefix)
        end = bisect.bisect_left(self.sorted, prefix + "\U0010ffff")
        candidates = self.sorted[start:end]
        if len(candidates) > PREFIX_LIMIT:
            candidates = sorted(candidates, key=lambda w: -self.terms[w][1])[:PREFIX_LIMIT]
        return candidates


class Synonyms:
    def __init__(self, entries):
        """entries: (terms as written, one_way). One-way: the other terms lead to the first;
        otherwise every term leads to every other. Kept folded (for matching) and as written
        (for Meilisearch, which folds nothing)."""
        self.by_term, self.written = {}, {}
        for terms, one_way in entries:
            pairs = [(t, tuple(words(t))) for t in terms]
            pairs = [(t, f) for t, f in pairs if f]
            for n, (term, folded) in enumerate(pairs):
                targets = pairs[:1] if one_way else pairs
                if one_way and n == 0:
                    continue
                for other, other_folded in targets:
                    if other_folded == folded:
                        continue
                    found = self.by_term.setdefault(folded, [])
                    if other_folded not in found:
                        found.append(other_folded)
                    written = self.written.setdefault(term, [])
                    if other not in written:
                        written.append(other)
        self.longest = max((len(t) for t in self.by_term), default=1)

    def of(self, term: tuple) -> list[tuple]:
        return self.by_term.get(tuple(term), [])

    def near(self, word: str) -> list[tuple]:
        """Synonyms of the one-word term closest to a misspelt `word` (within its typo budget)."""
        budget = typo_budget(word)
        if not budget:
            return []
        keys = [t[0] for t in self.by_term if len(t) == 1]
        found = process.extractOne(word, keys, scorer=OSA.distance, score_cutoff=budget)
        return [(found[0],), *self.of((found[0],))] if found else []

    def as_meilisearch(self) -> dict:
        return {plain(term): [plain(o) for o in others] for term, others in self.written.items()}


_lock = threading.Lock()
_loaded = {}  # name -> (generation, loaded at, value)


def announce_change():
    """Tell every process that the index, its vocabulary or the synonyms changed."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def generation() -> str:
    """The index's current generation: whatever a process derived from the index under
    another one is stale (see also MAX_AGE)."""
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        found = cache.get(GENERATION_KEY)
    return found


def is_fresh(held_generation, held_since) -> bool:
    """Whether something derived from the index under `held_generation` at `held_since`
    (time.monotonic()) may still be used."""
    return held_generation == generation() and time.monotonic() - held_since < MAX_AGE


def _current(name, load):
    held = _loaded.get(name)
    if held and is_fresh(held[0], held[1]):
        return held[2]
    generation_now = generation()
    with _lock:
        value = load()
        _loaded[name] = (generation_now, time.monotonic(), value)
    return value


def vocabulary() -> Vocabulary:
    from search.models import SearchTerm

    return _current("vocabulary", lambda: Vocabulary(
        SearchTerm.objects.filter(documents__gt=0).values_list("id", "word", "documents", "label")
        .iterator()))


def synonyms() -> Synonyms:
    from search.models import SearchSynonym

    return _current("synonyms", lambda: Synonyms(
        (s.term_list(), s.one_way) for s in SearchSynonym.objects.all()))

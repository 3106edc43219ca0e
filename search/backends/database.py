"""The embedded backend: the inverted index in the shop's own database (SQLite or PostgreSQL).

Each query word is first matched against the vocabulary in memory (exact,
as a prefix for the last word, with typos by Meilisearch's rule; see
search.vocabulary), which turns it into a short list of catalog words with a
match quality. One SQL statement then finds the products having, for every
group of the query, one of its alternatives, and ranks them:

    in stock first; then the sum over groups of the best (quality x 10 + field
    weight), so exact > prefix > one typo > two typos, and at equal quality
    name > category > other fields; then this season's goods; then the newest.

Words the catalog does not know at all are left out of the match (as
Meilisearch's "last" matching strategy drops words), unless no word is known.
The statement reads only the postings of the matched words, which carry the
ranking facts, from one covering index: it never visits the products, so
its cost follows the number of matching products, not the catalog's size
(numbers in docs/benchmarks.md). A one-group query (most are) groups the
postings once; a word that matches a single catalog word reads its postings
without grouping.

Each process remembers the hits of its recent statements for one generation
of the index (search.vocabulary.generation, which every indexing batch
renews; at most MAX_AGE seconds), so a query asked again with another filter,
sort or page is not ranked again until the index changes.
"""

import threading
import time
from array import array
from collections import Counter, OrderedDict

from django.db import connection

from search.backends.base import Hits, SearchBackend
from search.season import SEASON_BITS, current_season
from search.vocabulary import EXACT, generation, is_fresh, vocabulary

# Ranking facts of a product, the same in each of its postings: carried up through the groupings.
FACTS = "MAX(st) AS st, MAX(se) AS se, MAX(cat) AS cat"
# Statements whose hits a process remembers (least recently used out first): ~10 KB each.
REMEMBERED = 256

_remembered = OrderedDict()  # statement -> (generation, since, Hits)
_lock = threading.Lock()


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, limit) -> Hits:
        rows, groups, phrases = self._match_rows(query)
        if not groups:
            return Hits()
        return _copy(self._ranked(self._sql(rows, groups, phrases, limit)))

    @classmethod
    def _sql(cls, rows, groups, phrases, limit):
        order = (f"st DESC, score DESC, (se & {SEASON_BITS[current_season()]}) DESC, product_id DESC "
                 f"LIMIT {int(limit)}")
        if len(rows) == 1:  # one word, one catalog word: its postings are the hits, one each
            term_id, _, _, _, _, quality = rows[0]
            return (f"SELECT product_id, category_id, COUNT(*) OVER () FROM (SELECT p.product_id, "
                    f"p.category_id, p.in_stock AS st, {int(quality) * 10} + p.weight AS score, "
                    f"p.seasons AS se FROM search_searchposting p WHERE p.term_id = {int(term_id)}) t "
                    f"ORDER BY {order}")
        values = ", ".join(f"({', '.join(str(int(v)) for v in row)})" for row in rows)
        # With one group, a product's best match in it is its score: no second grouping.
        ranked = ("t AS (SELECT product_id, s AS score, st, se, cat FROM g)" if groups == 1 else
                  f"t AS (SELECT product_id, SUM(s) AS score, {FACTS} FROM g GROUP BY product_id "
                  f"HAVING COUNT(*) = {int(groups)})")
        return (f"WITH q (term_id, grp, alt, part, need, quality) AS (VALUES {values}), "
                f"{cls._groups_sql(phrases)}, {ranked} "
                f"SELECT product_id, cat, COUNT(*) OVER () FROM t ORDER BY {order}")

    @staticmethod
    def _ranked(sql) -> Hits:
        """The statement's hits: remembered while the index stays the same, else asked for."""
        with _lock:
            held = _remembered.get(sql)
            if held:
                _remembered.move_to_end(sql)
        if held and is_fresh(held[0], held[1]):
            return held[2]
        generation_now, since = generation(), time.monotonic()  # before the read: a change during it
        with connection.cursor() as cursor:
            cursor.execute(sql)
            found = cursor.fetchall()
        hits = Hits(array("q", (row[0] for row in found)), found[0][2] if found else 0,
                    categories=dict(Counter(row[1] for row in found if row[1] is not None)))
        with _lock:
            _remembered[sql] = (generation_now, since, hits)
            _remembered.move_to_end(sql)
            while len(_remembered) > REMEMBERED:
                _remembered.popitem(last=False)
        return hits

    @staticmethod
    def _groups_sql(phrases):
        """g (product_id, grp, s, facts): each product's best match per group."""
        posting = ("p.product_id, q.grp, MAX(q.quality * 10 + p.weight) AS s, MAX(p.in_stock) AS st, "
                   "MAX(p.seasons) AS se, MAX(p.category_id) AS cat")
        join = "FROM search_searchposting p JOIN q ON q.term_id = p.term_id"
        if not phrases:  # every alternative is one word: one grouping does
            return f"g AS (SELECT {posting} {join} GROUP BY p.product_id, q.grp)"
        # Phrases: the best posting per part, then alternatives whose every part matched.
        return (f"m AS (SELECT {posting}, q.alt, q.part, MAX(q.need) AS need {join} "
                f"GROUP BY p.product_id, q.grp, q.alt, q.part), "
                f"a AS (SELECT product_id, grp, SUM(s) / MAX(need) AS s, {FACTS} FROM m "
                f"GROUP BY product_id, grp, alt HAVING COUNT(*) = MAX(need)), "
                f"g AS (SELECT product_id, grp, MAX(s) AS s, {FACTS} FROM a GROUP BY product_id, grp)")

    def _match_rows(self, query):
        """(rows of (term id, group, alternative, part, parts, quality), groups kept, any phrase)."""
        vocab = vocabulary()
        rows, kept, phrases = [], 0, False
        for group in query.groups:
            group_rows = []
            for number, alternative in enumerate(group.alternatives):
                parts = []
                for position, word in enumerate(alternative):
                    if number == 0:  # the typed words: typos and prefixes allowed
                        last = position == len(alternative) - 1
                        matches = [(m.term_id, m.quality) for m in vocab.matches(word, group.prefix and last)]
                    else:  # a synonym: as it is
                        matches = [(vocab.terms[word][0], EXACT)] if word in vocab else []
                    if not matches:
                        break
                    parts.append(matches)
                else:
                    phrases = phrases or len(parts) > 1
                    group_rows += [(term_id, kept, number, position, len(parts), quality)
                                   for position, matches in enumerate(parts)
                                   for term_id, quality in matches]
            if group_rows:
                rows += group_rows
                kept += 1
        return rows, kept, phrases


def forget():
    """Forget every remembered statement (tests)."""
    with _lock:
        _remembered.clear()


def _copy(hits):
    """A caller's own copy, its ids a list: remembered hits are shared between requests (and
    keep their ids in an array, a quarter of a list's memory)."""
    return Hits(list(hits.ids), hits.total, dict(hits.categories) if hits.categories is not None else None)

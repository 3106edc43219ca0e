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
(numbers in docs/search.md).
"""

from collections import Counter

from django.db import connection

from search.backends.base import Hits, SearchBackend
from search.season import SEASON_BITS, current_season
from search.vocabulary import EXACT, vocabulary

# Ranking facts of a product, the same in each of its postings: carried up through the groupings.
FACTS = "MAX(st) AS st, MAX(se) AS se, MAX(cat) AS cat"


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, limit) -> Hits:
        rows, groups, phrases = self._match_rows(query)
        if not groups:
            return Hits()
        values = ", ".join(f"({', '.join(str(int(v)) for v in row)})" for row in rows)
        sql = (f"WITH q (term_id, grp, alt, part, need, quality) AS (VALUES {values}), "
               f"{self._groups_sql(phrases)}, "
               f"t AS (SELECT product_id, SUM(s) AS score, {FACTS} FROM g GROUP BY product_id "
               f"HAVING COUNT(*) = {int(groups)}) "
               f"SELECT product_id, cat, COUNT(*) OVER () FROM t "
               f"ORDER BY st DESC, score DESC, (se & {SEASON_BITS[current_season()]}) DESC, product_id DESC "
               f"LIMIT {int(limit)}")
        with connection.cursor() as cursor:
            cursor.execute(sql)
            found = cursor.fetchall()
        return Hits([row[0] for row in found], found[0][2] if found else 0,
                    categories=dict(Counter(row[1] for row in found if row[1] is not None)))

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

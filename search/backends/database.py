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
The statement reads only the postings of the matched words, so it stays fast
however big the catalog is (see docs/search.md for numbers).
"""

from django.db import connection

from search.backends.base import Hits, SearchBackend
from search.season import current_season, season_option_id
from search.vocabulary import EXACT, vocabulary


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, limit) -> Hits:
        rows, groups = self._match_rows(query)
        if not groups:
            return Hits()
        values = ", ".join(f"({', '.join(str(int(v)) for v in row)})" for row in rows)
        boost = season_option_id(current_season())
        boost_join = (f"LEFT JOIN shop_productattribute b ON b.product_id = t.product_id "
                      f"AND b.option_id = {int(boost)} ") if boost else ""
        boosted = "CASE WHEN b.id IS NULL THEN 0 ELSE 1 END" if boost else "0"
        sql = (
            f"WITH q (term_id, grp, alt, part, need, quality) AS (VALUES {values}), "
            # best posting per product and phrase part
            "m AS (SELECT p.product_id, q.grp, q.alt, q.part, MAX(q.need) AS need, "
            "MAX(q.quality * 10 + p.weight) AS s FROM search_searchposting p "
            "JOIN q ON q.term_id = p.term_id GROUP BY p.product_id, q.grp, q.alt, q.part), "
            # alternatives whose every part matched
            "a AS (SELECT product_id, grp, SUM(s) / MAX(need) AS s FROM m "
            "GROUP BY product_id, grp, alt HAVING COUNT(*) = MAX(need)), "
            "g AS (SELECT product_id, grp, MAX(s) AS s FROM a GROUP BY product_id, grp), "
            # products matching every group
            f"t AS (SELECT product_id, SUM(s) AS score FROM g GROUP BY product_id "
            f"HAVING COUNT(*) = {int(groups)}) "
            "SELECT t.product_id, COUNT(*) OVER () FROM t JOIN shop_product pr ON pr.id = t.product_id "
            f"{boost_join}WHERE pr.live AND pr.status <> 'hidden' "
            f"ORDER BY pr.in_stock DESC, t.score DESC, {boosted} DESC, pr.created_at DESC, pr.id DESC "
            f"LIMIT {int(limit)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            found = cursor.fetchall()
        return Hits([row[0] for row in found], found[0][1] if found else 0)

    def _match_rows(self, query):
        """(rows of (term id, group, alternative, part, parts, quality), number of groups kept)."""
        vocab = vocabulary()
        rows, kept = [], 0
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
                    group_rows += [(term_id, kept, number, position, len(parts), quality)
                                   for position, matches in enumerate(parts)
                                   for term_id, quality in matches]
            if group_rows:
                rows += group_rows
                kept += 1
        return rows, kept

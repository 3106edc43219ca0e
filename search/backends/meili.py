"""The Meilisearch backend (production), through the official `meilisearch` client.

The index settings are code (`index_settings`), applied by `manage.py
search_reindex`. Documents go in batches. Searches send the understood query
(search.query: folded, corrected), ask only for ids, and sort by this
season's flag, which the "sort" ranking rule applies after the relevance rules.

If the server cannot be reached, a search falls back to the database backend
(the embedded index is always kept up to date) and says so in the log.
"""

import logging

import meilisearch
import requests
from django.conf import settings
from meilisearch.errors import MeilisearchApiError, MeilisearchError

from search.backends.base import Hits, SearchBackend
from search.season import SEASONS, current_season
from search.text import STOP_WORDS
from search.vocabulary import synonyms

logger = logging.getLogger(__name__)
BATCH = 1000
SEARCHABLE = ["name", "name_en", "category", "brand", "attributes"]  # in rank order


def season_field(slug):
    return f"season_{slug.replace('-', '_')}"


def index_settings() -> dict:
    return {
        "searchableAttributes": SEARCHABLE,
        "displayedAttributes": ["id", "name", "name_en", "in_stock", "price"],
        "filterableAttributes": ["id", "category_ids", "options", "in_stock", "brand", "price"],
        "sortableAttributes": ["price", "created", *[season_field(s) for s in SEASONS]],
        "rankingRules": ["in_stock:desc", "words", "typo", "proximity", "attribute", "sort", "exactness",
                         "created:desc"],
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
        "faceting": {"maxValuesPerFacet": 200},
        "pagination": {"maxTotalHits": getattr(settings, "SEARCH_MAX_HITS", 1000)},
        "stopWords": sorted(STOP_WORDS),
        "synonyms": synonyms().as_meilisearch(),
    }


class MeilisearchBackend(SearchBackend):
    name = "meilisearch"

    def __init__(self):
        self.client = meilisearch.Client(
            settings.MEILISEARCH_URL, getattr(settings, "MEILISEARCH_API_KEY", None) or None,
            timeout=getattr(settings, "MEILISEARCH_TIMEOUT", 5))
        self.uid = getattr(settings, "MEILISEARCH_INDEX", "products")

    @property
    def index_(self):
        return self.client.index(self.uid)

    def search(self, query, limit) -> Hits:
        prefix = bool(query.groups and query.groups[-1].prefix)
        text = query.normalised + ("" if prefix else " ")
        try:
            found = self.index_.search(text, {
                "limit": int(limit), "attributesToRetrieve": ["id"],
                "sort": [f"{season_field(current_season())}:desc"],
            })
        except (MeilisearchError, requests.RequestException) as error:
            logger.warning("Meilisearch search failed, answering from the database: %s", error)
            from search.backends.database import DatabaseBackend

            return DatabaseBackend().search(query, limit)
        ids = [int(hit["id"]) for hit in found.get("hits", [])]
        return Hits(ids, max(len(ids), int(found.get("estimatedTotalHits") or found.get("totalHits") or 0)))

    def index(self, documents, gone_ids):
        documents = [d.for_meilisearch(SEASONS) for d in documents]
        for start in range(0, len(documents), BATCH):
            self.index_.add_documents(documents[start:start + BATCH], primary_key="id")
        gone_ids = sorted(int(i) for i in gone_ids)
        for start in range(0, len(gone_ids), BATCH):
            chunk = gone_ids[start:start + BATCH]
            self.index_.delete_documents(filter=f"id IN [{', '.join(map(str, chunk))}]")

    def configure(self, wait=True):
        try:
            task = self.client.create_index(self.uid, {"primaryKey": "id"})
            if wait:
                self.client.wait_for_task(task.task_uid)
        except MeilisearchApiError as error:  # already there: fine
            if getattr(error, "code", "") != "index_already_exists":
                raise
        task = self.index_.update_settings(index_settings())
        if wait:
            done = self.client.wait_for_task(task.task_uid, timeout_in_ms=60_000)
            if done.status != "succeeded":
                raise RuntimeError(f"Meilisearch rejected the index settings: {done.error}")

    def clear(self):
        self.index_.delete_all_documents()

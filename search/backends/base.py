"""The interface every search backend offers."""

from dataclasses import dataclass, field


@dataclass
class Hits:
    ids: list = field(default_factory=list)  # product ids, best first (at most the limit asked)
    total: int = 0  # how many products match in all (may exceed len(ids))
    categories: dict | None = None  # category id -> hits among `ids`, when the backend knows


class SearchBackend:
    name = "base"

    def search(self, query, limit) -> Hits:
        """Products matching every group of `query` (search.query.Query), best first:
        in stock first, then exact over prefix over typo matches, then name over
        category over other fields, then the season's goods, then the newest."""
        raise NotImplementedError

    def index(self, documents, gone_ids):
        """Store these documents (search.documents.ProductDocument) and forget `gone_ids`.
        The embedded index is written before this is called, whatever the backend."""

    def configure(self):
        """Apply the index settings (ranking, synonyms...); run by `search_reindex`."""

    def clear(self):
        """Drop every document; run by `search_reindex --clear`."""

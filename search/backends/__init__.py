"""Search backends behind one interface; settings.SEARCH_BACKEND picks one ("database" by default).

    SEARCH_BACKEND = "database"      # the embedded index in the shop's database (SQLite or PostgreSQL)
    SEARCH_BACKEND = "meilisearch"   # a Meilisearch server: MEILISEARCH_URL, MEILISEARCH_API_KEY
"""

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import Hits, SearchBackend

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "meilisearch": "search.backends.meili.MeilisearchBackend",
}

_instances = {}


def get_backend(name=None) -> SearchBackend:
    name = name or getattr(settings, "SEARCH_BACKEND", "database")
    if name not in _instances:
        _instances[name] = import_string(BACKENDS.get(name, name))()
    return _instances[name]


def reset_backends():
    """Forget backend instances (settings changed, e.g. in tests)."""
    _instances.clear()


__all__ = ["Hits", "SearchBackend", "get_backend", "reset_backends"]

"""django-q2 tasks of the search app."""

from search.backends import get_backend
from search.indexing import index_now


def index_products(product_ids):
    indexed, removed = index_now(product_ids)
    return f"indexed {indexed}, removed {removed}"


def push_settings():
    """Send the index settings (synonyms included) to the backend; the database needs none."""
    backend = get_backend()
    if backend.name != "database":
        backend.configure(wait=False)

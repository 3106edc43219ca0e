"""Supplier feed parsing: four dialects in, one neutral FeedRecord out.

    from suppliers.feeds import get_adapter
    adapter = get_adapter("csv_table", {"encoding": "windows-1251", "delimiter": ";"})
    with open("price.csv", "rb") as fh:
        for record in adapter.parse(fh):
            ...
    adapter.warnings  # list of FeedWarning

Nothing here imports Django: the importer maps records onto models.
"""

from .adapters import DIALECTS, FeedAdapter, get_adapter, register
from .records import FeedError, FeedRecord, FeedVariant, FeedWarning

__all__ = ["DIALECTS", "FeedAdapter", "FeedError", "FeedRecord", "FeedVariant", "FeedWarning",
           "get_adapter", "register"]

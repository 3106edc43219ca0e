"""Feed dialects. Every module in this package that does not start with an
underscore is imported here, so a new dialect is one new module whose adapter
class is decorated with @register.
"""

import importlib
import pkgutil

from .base import DIALECTS, FeedAdapter, get_adapter, register

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["DIALECTS", "FeedAdapter", "get_adapter", "register"]

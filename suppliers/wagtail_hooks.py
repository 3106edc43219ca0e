"""Suppliers in the Wagtail admin: a menu item of their own, next to the Catalog.

The menu opens the overview (last runs, sync buttons, live progress); the views live in
suppliers/admin/.
"""

from wagtail.snippets.models import register_snippet

from suppliers import wagtail_hooks_logging  # noqa: F401  (the sync's audit-log action names)
from suppliers.admin.viewsets import SupplierViewSet

register_snippet(SupplierViewSet)

"""The project's JSON API, mounted at /api/ (OpenAPI schema at /api/openapi.json, docs at /api/docs).

One NinjaAPI instance; each app adds its router here.
"""

from django.conf import settings
from ninja import NinjaAPI

# The docs page lists every endpoint; production turns it off unless API_DOCS says otherwise.
api = NinjaAPI(title="Крок API", version="1", urls_namespace="api",
               docs_url="/docs" if settings.API_DOCS else None)
api.add_router("/search", "search.api.router")
api.add_router("/orders", "shop.orders.api.router")
api.add_router("/customers", "shop.customers.api.router")

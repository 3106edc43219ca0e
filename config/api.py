"""The project's JSON API, mounted at /api/ (OpenAPI schema at /api/openapi.json, docs at /api/docs).

One NinjaAPI instance; each app adds its router here.
"""

from ninja import NinjaAPI

api = NinjaAPI(title="Крок API", version="1", urls_namespace="api", docs_url="/docs")
api.add_router("/search", "search.api.router")
api.add_router("/orders", "shop.orders.api.router")
api.add_router("/customers", "shop.customers.api.router")

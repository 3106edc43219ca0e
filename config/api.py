"""The project's JSON API, mounted at /api/ (OpenAPI schema at /api/openapi.json, docs at /api/docs).

One NinjaAPI instance; each app adds its router here.
"""

from django.conf import settings
from ninja import NinjaAPI

# Answers every operation with an input can give, whatever its own responses say: ninja's
# validation errors (422) and the NUL-byte refusal of core.middleware.RejectNulMiddleware (400).
COMMON_ERRORS = {
    "422": {"description": "The input does not match the schema", "content": {"application/json": {"schema": {
        "type": "object", "required": ["detail"], "properties": {"detail": {"type": "array", "items": {
            "type": "object", "required": ["type", "loc", "msg"], "properties": {
                "type": {"type": "string"}, "loc": {"type": "array"}, "msg": {"type": "string"}}}}}}}}},
    "400": {"description": "Bad input", "content": {"application/json": {"schema": {
        "type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}}}},
}
# And every operation that changes something: a session's request without its CSRF token.
CSRF_REFUSED = {"description": "CSRF check failed: send the X-CSRFToken header", "content": {
    "application/json": {"schema": COMMON_ERRORS["400"]["content"]["application/json"]["schema"]}}}
UNSAFE = {"post", "put", "patch", "delete"}


class StoreAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    for code, answer in COMMON_ERRORS.items():
                        responses.setdefault(code, answer)
                if method in UNSAFE:
                    responses.setdefault("403", CSRF_REFUSED)
        return schema


# The docs page lists every endpoint; production turns it off unless API_DOCS says otherwise.
api = StoreAPI(title="Крок API", version="1", urls_namespace="api",
               docs_url="/docs" if settings.API_DOCS else None)
api.add_router("/search", "search.api.router")
api.add_router("/orders", "shop.orders.api.router")
api.add_router("/customers", "shop.customers.api.router")

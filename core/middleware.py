"""Requests the database could never store are refused at the door.

PostgreSQL text cannot hold a NUL character: a `%00` in a URL token, a form field or a JSON
string used to reach a query and end as a 500. One check here, before any view runs, answers
400 with a plain reason instead, for every path at once. Uploaded files (multipart file parts)
are binary and are not looked at; their form fields are.
"""

import json
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

NUL = "\x00"


def has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


def body_has_nul(request) -> bool:
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            return has_nul(json.loads(request.body or b"null"))
        except (ValueError, UnicodeDecodeError):
            return False  # not JSON at all: the view answers that itself
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any(has_nul(key) or has_nul(values) for key, values in request.POST.lists())
    return False


def request_has_nul(request) -> bool:
    if NUL in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    return request.method in ("POST", "PUT", "PATCH", "DELETE") and body_has_nul(request)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul(request):
            message = _("The request contains a NUL character (%00), which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages with a shopper's own data (cart, checkout, orders, account, lists, and their API)
    are never stored by a browser's or a proxy's cache: `Cache-Control: private, no-store`.

    Which pages those are is stated once, by URL namespace (PRIVATE_URL_NAMESPACES) and API
    route (PRIVATE_API_ROUTES), so a new view in those apps is private without remembering to.
    """

    def __init__(self, get_response):
        self.namespaces = set(settings.PRIVATE_URL_NAMESPACES)
        self.api_routes = tuple(settings.PRIVATE_API_ROUTES)
        self.get_response = get_response

    def is_private(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            return False
        return bool(self.namespaces.intersection(match.namespaces)) or match.route.startswith(self.api_routes)

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_private(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

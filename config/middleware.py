"""Security headers that need more than a setting."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class StorefrontCSPMiddleware(CSPMiddleware):
    """Strict CSP for the storefront; the Wagtail admin gets its own looser policy.

    Wagtail's admin relies on inline scripts and styles we do not control, so
    it cannot run under the storefront's nonce-only policy. Shoppers never see
    admin pages, so the looser policy there does not weaken the storefront.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.nonce = None
        elif not report_only and self.is_preview(request):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts

    @staticmethod
    def is_preview(request) -> bool:
        """Wagtail renders a preview by running a made-up request for the page's own URL through
        the middleware; the admin shows the answer in its preview panel, an iframe of its own
        origin. Only those answers may be framed, and only by our origin."""
        return getattr(request, "is_preview", False)

    def process_response(self, request, response):
        if request.path_info.startswith(ADMIN_PREFIXES) or self.is_preview(request):
            # Admin previews render inside an iframe of the admin itself.
            response.headers.pop("X-Frame-Options", None)
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Turn off browser features a shop never needs (camera, microphone, geolocation)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

"""Who sees figures: holders of analytics.view_reports (superusers have every permission)."""

from django.template.response import TemplateResponse

PERMISSION = "analytics.view_reports"


def can_view_reports(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PERMISSION))


def forbidden(request):
    """403 with a page that says why. Not PermissionDenied: Wagtail would turn it into a redirect
    to the dashboard, and a script or a bookmark should learn plainly that the answer is no."""
    return TemplateResponse(request, "analytics/forbidden.html", status=403)


class ReportsPermissionMixin:
    """A signed-in editor without the permission gets 403 and no figure."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

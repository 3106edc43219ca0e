"""What every suppliers admin page shares: the change permission on suppliers and the admin layout."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from suppliers.models import Supplier

__all__ = ["SupplierAdminMixin", "TemplateView", "url"]

NAMESPACE = "wagtailsnippets_suppliers_supplier"


def url(name: str, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


class SupplierAdminMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """A user needs the suppliers' change permission. Without it Wagtail's admin wrapper turns
    the PermissionDenied into its usual redirect with a message (a 403 for XHR requests)."""

    model = Supplier
    permission_required = "change"
    header_icon = "group"

    def wants_json(self) -> bool:
        return ("application/json" in self.request.headers.get("Accept", "")
                or self.request.headers.get("x-requested-with") == "XMLHttpRequest")

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                 {"url": url("overview"), "label": _("Suppliers")}]
        return items + self.extra_breadcrumbs() + [{"url": "", "label": self.get_page_title()}]

    def extra_breadcrumbs(self) -> list[dict]:
        return []

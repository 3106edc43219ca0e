"""AI content in the Wagtail admin: menu, job views, editor buttons, bulk actions, audit log."""

from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.permissions import get_permission_name

from aicontent import urls
from aicontent.action_menu import AIMenuItem
from aicontent.bulk_actions import AIDescriptionBulkAction, AISEOBulkAction, AITranslationBulkAction
from aicontent.drafts import LOG_ACTION
from aicontent.models import Kind
from shop.models import CategoryPage, Product
from suppliers.models import Supplier

PRODUCT_CHANGE = get_permission_name("change", Product)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("ai-content/", include(urls, namespace="aicontent"))]


class AIContentMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PRODUCT_CHANGE)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return AIContentMenuItem(pgettext_lazy("aicontent", "AI content"), reverse("aicontent:jobs"),
                             name="ai-content", icon_name="draft", order=210)


for _kind_order, _kind in enumerate(Kind.values):
    hooks.register("register_snippet_action_menu_item",
                   lambda model, kind=_kind, order=200 + _kind_order:
                   AIMenuItem(kind, order) if model is Product else None)

hooks.register("register_bulk_action", AIDescriptionBulkAction)
hooks.register("register_bulk_action", AISEOBulkAction)
hooks.register("register_bulk_action", AITranslationBulkAction)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action(LOG_ACTION)
    class AIDraftFormatter(LogFormatter):
        label = _("AI draft")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            kind = data.get("kind")
            what = Kind(kind).label if kind in Kind.values else _("AI text")
            return _("%(what)s written as a draft (AI job #%(job)s, %(model)s)") % {
                "what": what, "job": data.get("job", "?"), "model": data.get("model", "")}


def _missing_url(**params):
    return reverse("aicontent:missing") + "?" + urlencode(params)


@hooks.register("register_snippet_listing_buttons")
def supplier_missing_description_button(instance, user, next_url=None):
    if isinstance(instance, Supplier) and user.has_perm(PRODUCT_CHANGE):
        yield Button(_("AI: products without a description"), url=_missing_url(supplier=instance.pk),
                     icon_name="draft", priority=60)


@hooks.register("register_page_listing_more_buttons")
def category_missing_description_button(page, user, next_url=None):
    if issubclass(page.specific_class or object, CategoryPage) and user.has_perm(PRODUCT_CHANGE):
        yield Button(_("AI: products without a description"), url=_missing_url(category=page.pk),
                     icon_name="draft", priority=60)

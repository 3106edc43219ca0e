"""Catalog administration in Wagtail: the Catalog menu (products, attributes, warehouses),
product bulk actions and the stock log action. The views live in shop/admin/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from shop.admin.bulk_actions import PublishProductsBulkAction, UnpublishProductsBulkAction
from shop.admin.ownership import RELEASE_LOG_ACTION
from shop.admin.stock import STOCK_LOG_ACTION
from shop.admin.viewsets import AttributeOptionViewSet, CatalogGroup

register_snippet(CatalogGroup)
register_snippet(AttributeOptionViewSet)

hooks.register("register_bulk_action", PublishProductsBulkAction)
hooks.register("register_bulk_action", UnpublishProductsBulkAction)


@hooks.register("register_log_actions")
def register_stock_log_action(actions):
    actions.register_action(STOCK_LOG_ACTION, _("Edit stock"), _("Stock by warehouse edited"))
    actions.register_action(RELEASE_LOG_ACTION, _("Give fields back to the feed"),
                            _("Fields given back to the feed"))

"""Back-in-stock subscriptions in the Wagtail admin: a read-mostly listing under Customers."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BackInStockSubscription


class ReadMostlyPolicy(ModelPermissionPolicy):
    """Viewing, exporting and deleting follow the user's Django permissions; adding and editing
    are nobody's: shoppers create subscriptions on the product page and stock closes them."""

    HAND_WRITTEN = {"add", "change"}

    def user_has_permission(self, user, action):
        return action not in self.HAND_WRITTEN and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions) - self.HAND_WRITTEN
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


class SubscriptionViewSet(SnippetViewSet):
    """Shoppers create subscriptions and stock closes them; staff look, filter, export and may delete
    (Wagtail's view/delete permissions apply). Nothing here is edited by hand."""

    model = BackInStockSubscription
    icon = "mail"
    menu_label = _("Back-in-stock")
    menu_name = "back-in-stock"  # stable whatever the language of the label
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "email",
        Column("product", label=_("Product")),
        Column("variant", label=_("Size")),
        DateColumn("created_at", label=_("Subscribed"), sort_key="created_at"),
        DateColumn("notified_at", label=_("Notified"), sort_key="notified_at"),
    ]
    list_filter = {"notified_at": ["isnull"], "created_at": ["gte", "lte"]}
    search_fields = ["email", "product__name"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = ["email", "product", "variant", "language", "created_at", "queued_at", "notified_at"]
    export_filename = "back-in-stock"
    copy_view_enabled = False

    def get_queryset(self, request):
        return BackInStockSubscription.objects.select_related("product", "variant__product")


register_permission_policy(BackInStockSubscription, ReadMostlyPolicy(BackInStockSubscription))
register_snippet(SubscriptionViewSet)

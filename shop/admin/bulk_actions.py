"""Bulk publish / unpublish on the product listing, as Wagtail snippet bulk actions.

Publishing goes through revision.publish(user=...) and unpublishing through
product.unpublish(user=...), so Wagtail writes the audit log entries itself.
"""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from shop.models import Product, refresh_product_stock

logger = logging.getLogger(__name__)


class ProductBulkAction(SnippetBulkAction):
    # Only products: the default (every snippet model) would offer
    # "Publish" on warehouses and suppliers, which have no drafts.
    models = [Product]

    def check_perm(self, product):
        """Publish permission, and no lock held by somebody else."""
        user = self.request.user
        if not self.permission_policy.user_has_permission_for_instance(user, "publish", product):
            return False
        lock = product.get_lock()
        return not (lock and lock.for_user(user))

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}


class PublishProductsBulkAction(ProductBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish selected products")
    template_name = "shop/admin/confirm_bulk_publish.html"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        published, invalid = 0, []
        for product in objects:
            if product.live and not product.has_unpublished_changes:
                continue  # already live as it is; republishing would only add log noise
            if product.has_unpublished_changes and product.latest_revision_id:
                revision = product.latest_revision  # the editor's draft
            else:
                # Written outside the editor (e.g. by a supplier sync): publish what the row holds.
                try:
                    revision = product.save_revision(user=user)
                except ValidationError as error:
                    logger.info("Not publishing product %s: %s", product.pk, error)
                    invalid.append(product)
                    continue
            revision.publish(user=user)
            published += 1
        # A revision carries the stock totals of the moment it was saved;
        # recount them from the stock records so publishing never resurrects old numbers.
        refresh_product_stock([p.pk for p in objects])
        kwargs["self"].invalid_products = invalid
        return published, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d product has been published.",
            "%(count)d products have been published.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
        invalid = getattr(self, "invalid_products", [])
        if invalid:
            message += " " + _("Not published, fix them in the editor first: %(names)s.") % {
                "names": ", ".join(str(p) for p in invalid)
            }
        return message


class UnpublishProductsBulkAction(ProductBulkAction):
    display_name = _("Unpublish")
    action_type = "unpublish"
    aria_label = _("Unpublish selected products")
    template_name = "shop/admin/confirm_bulk_unpublish.html"
    action_priority = 11

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        unpublished = 0
        for product in objects:
            if product.live:
                product.unpublish(user=user)
                unpublished += 1
        return unpublished, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d product has been unpublished.",
            "%(count)d products have been unpublished.",
            num_parent_objects,
        ) % {"count": num_parent_objects}

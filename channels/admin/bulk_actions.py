"""Approve many listings at once from the listings index."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from channels.models import ChannelListing


class ApproveListingsBulkAction(SnippetBulkAction):
    models = [ChannelListing]
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve selected listings")
    template_name = "channels/admin/confirm_bulk_approve.html"
    action_priority = 10

    def check_perm(self, listing):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "change", listing)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        approved = 0
        for listing in objects:
            if listing.state in ChannelListing.APPROVABLE:
                listing.approve(user=user)
                approved += 1
        return approved, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d listing has been approved.", "%(count)d listings have been approved.",
                        num_parent_objects) % {"count": num_parent_objects}

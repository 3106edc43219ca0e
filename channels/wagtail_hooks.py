"""Channels in the Wagtail admin: a "Channels" menu with channels (builds, runs) and listings."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from channels.admin.bulk_actions import ApproveListingsBulkAction
from channels.admin.viewsets import ChannelsGroup

register_snippet(ChannelsGroup)
hooks.register("register_bulk_action", ApproveListingsBulkAction)

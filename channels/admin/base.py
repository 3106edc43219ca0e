"""What the channels admin pages share: permission checks, the admin layout, URL names."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from channels.models import Channel, ChannelListing

__all__ = ["ChannelAdminMixin", "ListingAdminMixin", "TemplateView", "channel_url", "listing_url"]

CHANNEL_NS = "wagtailsnippets_channels_channel"
LISTING_NS = "wagtailsnippets_channels_channellisting"


def channel_url(name: str, *args) -> str:
    return reverse(f"{CHANNEL_NS}:{name}", args=args)


def listing_url(name: str, *args) -> str:
    return reverse(f"{LISTING_NS}:{name}", args=args)


class ChannelAdminMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = Channel
    permission_required = "change"
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": channel_url("list"), "label": _("Channels")},
                *self.extra_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def extra_breadcrumbs(self) -> list[dict]:
        return []


class ListingAdminMixin(ChannelAdminMixin):
    model = ChannelListing

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": listing_url("list"), "label": _("Channel listings")},
                {"url": "", "label": self.get_page_title()}]

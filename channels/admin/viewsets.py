"""Channels and channel listings as Wagtail snippet viewsets, in a "Channels" menu."""

from django.db.models import OuterRef, Subquery
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from channels.models import Channel, ChannelListing, FeedRun

from . import views
from .base import channel_url, listing_url
from .forms import ChannelListingForm
from .orders import ChannelPushViewSet, ImportedOrderViewSet, ImportRunViewSet, StatusMappingViewSet


def last_run_status(channel):
    return dict(FeedRun.Status.choices).get(channel.last_run_status, "—")


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "site"
    menu_label = _("Channels")
    menu_name = "channels"  # stable whatever the language of the label
    list_display = [
        "name", "kind", BooleanColumn("active", label=_("Active"), sort_key="active"),
        Column("last_run", label=_("Last build"), accessor=last_run_status),
        TitleColumn("builds", label=_("Builds"), accessor=lambda c: _("Builds and feed URL"),
                    get_url=lambda c: channel_url("runs", c.pk)),
    ]
    list_filter = ["kind", "active"]

    def get_queryset(self, request):
        last = FeedRun.objects.filter(channel=OuterRef("pk")).order_by("-started_at").values("status")[:1]
        return Channel.objects.annotate(last_run_status=Subquery(last))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("build/<int:pk>/", views.BuildNowView.as_view(), name="build"),
            path("runs/<int:pk>/", views.ChannelRunsView.as_view(), name="runs"),
            path("run/<int:pk>/", views.RunDetailView.as_view(), name="run"),
        ]


class ChannelListingViewSet(SnippetViewSet):
    model = ChannelListing
    icon = "list-ul"
    menu_label = _("Listings")
    menu_name = "listings"
    list_display = [
        TitleColumn("product", label=_("Product"), get_url=lambda row: listing_url("review", row.pk)),
        "channel", "state", DateColumn("edited_at", label=_("Edited"), sort_key="edited_at"),
    ]
    list_filter = ["state", "channel"]
    list_per_page = 50
    edit_handler = ObjectList([FieldPanel("title"), FieldPanel("description")],
                              base_form_class=ChannelListingForm)

    def get_queryset(self, request):
        return ChannelListing.objects.select_related("product", "channel").order_by("-edited_at", "-pk")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("review/<int:pk>/", views.ListingReviewView.as_view(), name="review"),
            path("approve/<int:pk>/", views.ListingTransitionView.as_view(action="approve"), name="approve"),
            path("withdraw/<int:pk>/", views.ListingTransitionView.as_view(action="withdraw"),
                 name="withdraw"),
        ]


class ChannelsGroup(SnippetViewSetGroup):
    menu_label = _("Channels")
    menu_name = "channels"
    menu_icon = "site"
    menu_order = 220
    items = (ChannelViewSet, ChannelListingViewSet, ImportedOrderViewSet, StatusMappingViewSet,
             ImportRunViewSet, ChannelPushViewSet)

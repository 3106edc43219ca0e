"""Channel admin pages: build now, the runs of a channel, one run with its refusals, and a
listing's review (live against pending, approve, withdraw)."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from channels.build import feed_path
from channels.feeds import export_formats
from channels.models import Channel, ChannelListing, FeedRun, InvalidTransition
from channels.tasks import enqueue_build

from .base import ChannelAdminMixin, ListingAdminMixin, TemplateView, channel_url, listing_url

REFUSALS_PER_PAGE = 100


class BuildNowView(ChannelAdminMixin, View):
    def get(self, request, pk):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        channel = get_object_or_404(Channel, pk=pk)
        if not channel.active:
            messages.error(request, _("%(channel)s is inactive.") % {"channel": channel})
        else:
            enqueue_build(channel, FeedRun.Trigger.MANUAL)
            messages.success(request, _("A build of %(channel)s is queued.") % {"channel": channel})
        return redirect(channel_url("runs", channel.pk))


class ChannelRunsView(ChannelAdminMixin, TemplateView):
    template_name = "channels/admin/runs.html"

    @cached_property
    def channel(self):
        return get_object_or_404(Channel, pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Builds of %(channel)s") % {"channel": self.channel}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.channel.runs.all(), 30).get_page(self.request.GET.get("p"))
        feed = reverse("channels:feed", args=[self.channel.token])
        other_formats = [(fmt.upper(), self.request.build_absolute_uri(
            reverse(f"channels:feed_{fmt}", args=[self.channel.token])))
            for fmt in export_formats(self.channel.kind)]
        context.update(channel=self.channel, runs=page, feed_url=self.request.build_absolute_uri(feed),
                       other_formats=other_formats, feed_exists=feed_path(self.channel).exists(),
                       build_url=channel_url("build", self.channel.pk),
                       import_url=self.import_url())
        return context


    def import_url(self):
        if not (self.channel.orders_api and self.channel.import_orders):
            return ""
        return reverse("wagtailsnippets_channels_importrun:import_now", args=[self.channel.pk])


class RunDetailView(ChannelAdminMixin, TemplateView):
    template_name = "channels/admin/run_detail.html"

    @cached_property
    def run(self):
        return get_object_or_404(FeedRun.objects.select_related("channel"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Build of %(channel)s, %(started)s") % {
            "channel": self.run.channel, "started": self.run.started_at.strftime("%Y-%m-%d %H:%M")}

    def extra_breadcrumbs(self):
        return [{"url": channel_url("runs", self.run.channel_id),
                 "label": _("Builds of %(channel)s") % {"channel": self.run.channel}}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusals = self.run.refusals.order_by("reason", "product_name")
        reason = self.request.GET.get("reason")
        if reason:
            refusals = refusals.filter(reason=reason)
        labels = dict(self.run.refusals.model.Reason.choices)
        counts = [{"reason": row["reason"], "label": labels.get(row["reason"], row["reason"]),
                   "count": row["n"]}
                  for row in self.run.refusals.values("reason").annotate(n=Count("pk")).order_by("-n")]
        context.update(run=self.run, counts=counts, reason=reason,
                       refusals=Paginator(refusals, REFUSALS_PER_PAGE).get_page(self.request.GET.get("p")))
        return context


class ListingReviewView(ListingAdminMixin, TemplateView):
    """What approving would publish: the live and the pending title and description side by side."""

    template_name = "channels/admin/listing_review.html"

    @cached_property
    def listing(self):
        return get_object_or_404(ChannelListing.objects.select_related("product", "channel"),
                                 pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Review: %(listing)s") % {"listing": self.listing}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listing = self.listing
        context.update(listing=listing, diff=listing.diff(),
                       can_approve=listing.state in ChannelListing.APPROVABLE,
                       can_withdraw=listing.state != ChannelListing.State.WITHDRAWN,
                       edit_url=listing_url("edit", listing.pk),
                       approve_url=listing_url("approve", listing.pk),
                       withdraw_url=listing_url("withdraw", listing.pk))
        return context


class ListingTransitionView(ListingAdminMixin, View):
    action = ""  # "approve" or "withdraw"

    def get(self, request, pk):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        listing = get_object_or_404(ChannelListing.objects.select_related("product", "channel"), pk=pk)
        try:
            getattr(listing, self.action)(user=request.user)
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(listing)s is now: %(state)s.") % {
                "listing": listing, "state": listing.get_state_display()})
        return redirect(listing_url("review", pk))

"""A product on a channel, with the listing states of an integration pipeline.

    new -> edited (awaiting approval) -> live -> update pending -> live;  any -> withdrawn

Editors write the channel's own title and description into the pending fields; approving
copies them to the live fields, which are what the feed sends. Price and stock are not part of
the approval: they follow the catalog on every build.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .channel import Channel

REVIEWED_FIELDS = ("title", "description")


class InvalidTransition(Exception):
    """A listing was asked to move to a state its current state cannot reach."""


class ChannelListing(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        EDITED = "edited", _("Edited, awaiting approval")
        LIVE = "live", _("Live")
        UPDATE_PENDING = "update_pending", _("Live, update pending")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # What the feed sends: the live version of these listings.
    IN_FEED = (State.LIVE, State.UPDATE_PENDING)
    # What an editor's change does from each state.
    AFTER_EDIT = {
        State.NEW: State.EDITED, State.EDITED: State.EDITED, State.LIVE: State.UPDATE_PENDING,
        State.UPDATE_PENDING: State.UPDATE_PENDING, State.WITHDRAWN: State.EDITED,
    }
    APPROVABLE = (State.NEW, State.EDITED, State.UPDATE_PENDING)

    # Tens of thousands of rows that reference nothing an editor looks up in "usage".
    wagtail_reference_index_ignore = True

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="listings",
        verbose_name=_("channel"))
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="channel_listings",
        verbose_name=_("product"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW,
        verbose_name=_("state"))

    title = models.CharField(max_length=255, blank=True,
                             help_text=_("The channel's title. Empty: the product's name."),
                             verbose_name=_("title"))
    description = models.TextField(blank=True,
                                   help_text=_("The channel's description (HTML). Empty: the product's."),
                                   verbose_name=_("description"))
    live_title = models.CharField(max_length=255, blank=True, editable=False, verbose_name=_("live title"))
    live_description = models.TextField(blank=True, editable=False, verbose_name=_("live description"))

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    edited_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("edited at"))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                  on_delete=models.SET_NULL, related_name="+", verbose_name=_("edited by"))
    approved_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("approved at"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("approved by"))

    class Meta:
        verbose_name_plural = _("channel listings")
        constraints = [models.UniqueConstraint(fields=["channel", "product"], name="unique_channel_listing")]
        indexes = [models.Index(fields=["channel", "state"])]
        verbose_name = _("channel listing")

    def __str__(self):
        return f"{self.product} @ {self.channel}"

    # --- transitions ---
    def record_edit(self, user=None, save=True):
        """An editor changed the pending title or description."""
        self.state = self.AFTER_EDIT[self.State(self.state)]
        self.edited_at, self.edited_by = timezone.now(), user
        if save:
            self.save()

    def approve(self, user=None):
        """Publish the pending version: it is what the next feed build sends."""
        if self.state not in self.APPROVABLE:
            raise InvalidTransition(
                _("A listing that is %(state)s cannot be approved.") % {"state": self.get_state_display()})
        self.live_title, self.live_description = self.title, self.description
        self.state = self.State.LIVE
        self.approved_at, self.approved_by = timezone.now(), user
        self.save()

    def withdraw(self, user=None):
        """Take the product off the channel (the feed marks it unavailable, then drops it)."""
        if self.state == self.State.WITHDRAWN:
            raise InvalidTransition(_("The listing is already withdrawn."))
        self.state = self.State.WITHDRAWN
        self.edited_at, self.edited_by = timezone.now(), user
        self.save()

    # --- review ---
    def diff(self) -> list[dict]:
        """What approving would change: each reviewed field, live and pending, and whether they differ."""
        return [{"field": name, "live": getattr(self, f"live_{name}"), "pending": getattr(self, name),
                 "changed": getattr(self, f"live_{name}") != getattr(self, name)}
                for name in REVIEWED_FIELDS]

    @property
    def has_pending_changes(self) -> bool:
        return any(row["changed"] for row in self.diff())

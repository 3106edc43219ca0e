"""The listing editor: a change to the pending title or description moves the listing's state."""

from wagtail.admin.forms import WagtailAdminModelForm


class ChannelListingForm(WagtailAdminModelForm):
    def save(self, commit=True):
        listing = super().save(commit=False)
        if {"title", "description"} & set(self.changed_data):
            listing.record_edit(user=self.for_user, save=False)
        if commit:
            listing.save()
        return listing

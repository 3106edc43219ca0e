"""The product edit form: remembers which feed-filled fields an editor took over."""

import re

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

_BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')

# Fields a supplier sync fills in but an editor may take over. Once an editor
# changes one by hand its name lands in Product.manual_fields and syncs leave it be.
# "status" is among them: a product an editor hid stays hidden whatever the feed says.
EDITORIAL_FIELDS = (
    "name", "name_en", "description", "description_en", "seo_title", "seo_title_en",
    "meta_description", "meta_description_en", "category", "brand", "slug", "status",
)


OWNED_NOTE = _("Edited by hand: syncs leave this field as it is (“Give fields back to the feed” "
               "in the menu above returns it to the supplier's value).")


class ProductForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.instance.manual_fields or []:  # say which fields the feed no longer fills
            if name in self.fields:
                field = self.fields[name]
                field.help_text = f"{field.help_text} {OWNED_NOTE}".strip()

    def clean(self):
        cleaned = super().clean()
        product = self.instance
        if product.pk and product.sync_id:
            edited = {name for name in EDITORIAL_FIELDS
                      if name in cleaned and self._really_changed(name, cleaned[name])}
            if edited:
                product.manual_fields = sorted(set(product.manual_fields or []) | edited)
        return cleaned

    def _really_changed(self, name, new):
        """Compare values, not form payloads.

        Django's changed_data reports a rich text field as changed whenever the
        editor round trip reformats the HTML a feed supplied, which would take a
        description away from the feed although nobody touched it.
        """
        old = getattr(self.instance, f"{name}_id" if name == "category" else name)
        if name == "category":
            return (new.pk if new else None) != old
        converter = getattr(self.fields[name].widget, "converter", None)
        if converter is not None:
            old = converter.to_database_format(converter.from_database_format(old or ""))
            old, new = _comparable_html(old), _comparable_html(new)
        return (new or "") != (old or "")


def _comparable_html(html):
    """Rich text without the editor's random block keys; an empty paragraph is empty."""
    html = _BLOCK_KEY.sub("", html or "")
    return "" if html in ("<p></p>", "<p><br/></p>") else html

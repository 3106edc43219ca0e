"""Prom.ua YML: up to 11 pictures, `oldprice`, `quantity_in_stock`, `portal_id` on categories,
`group_id` joining the sizes of one model into one card, UA names and descriptions."""

from .yml import YmlWriter


class PromWriter(YmlWriter):
    kind = "prom_yml"
    picture_cap = 11
    name_limit = 100  # Prom's position name limit
    category_attribute = "portal_id"

    def fill_offer(self, element, entry, offer):
        super().fill_offer(element, entry, offer)
        if entry.group_id:
            element.set("group_id", entry.group_id)

"""Template helpers of the customers app: the shopper's lists for the product page's "add to list"."""

from django import template

from .. import lists

register = template.Library()


@register.simple_tag(takes_context=True)
def shopper_lists(context):
    """The current shopper's lists (one query; none at all for a visitor who never made one)."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return []
    owner = lists.owner_for(request)
    if not owner.user_id and not owner.session_token:
        return []
    return list(lists.lists_of(owner).only("token", "name", "is_default"))


@register.filter
def sizes_out_of_stock(sizes):
    return [size for size in sizes if not size.available]

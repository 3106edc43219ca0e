"""Storefront template helpers: prices, product tiles, listing query strings, active-filter chips."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

TILE_TEMPLATE = "shop/includes/product_tile_body.html"
TILE_TTL = 900  # seconds
# Everything a tile shows that can change: a cached tile is found again under these values.
TILE_VARY_ON = ("pk", "updated_at", "current_price", "in_stock", "status")

NARROW_NBSP = "\u202f"  # groups thousands: 1 890
NBSP = "\u00a0"  # keeps the currency sign on the same line as the amount
CURRENCY_SIGN = "₴"


@register.filter
def price(value):
    """1890 -> "1 890 ₴"; 1890.5 -> "1 890,50 ₴". Whole amounts show no decimals."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    digits = f"{whole:,}".replace(",", NARROW_NBSP)
    cents = int((amount - whole) * 100)
    if cents:
        decimal_mark = "." if (translation.get_language() or "").startswith("en") else ","
        digits += f"{decimal_mark}{cents:02d}"
    return f"{sign}{digits}{NBSP}{CURRENCY_SIGN}"


@register.simple_tag
def page_query(listing, number):
    """The query string of page `number` of a listing, keeping its filters."""
    return listing.query_for_page(number)


@register.simple_tag
def query_without(querydict, key, value=None):
    """The query string without `key` (or just one of its values), back on page one."""
    params = querydict.copy()
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params.setlist(key, [v for v in params.getlist(key) if v != str(value)])
    return params.urlencode()


@register.simple_tag
def active_filters(listing):
    """Chips for everything the shopper filtered by: (label, query string that removes it)."""
    params = listing.request.GET
    chips = []
    for facet in listing.facets:
        for value in facet.values:
            if value.selected:
                chips.append((f"{facet.label}: {value.label}", query_without(params, facet.slug, value.slug)))
    if listing.price_min is not None:
        chips.append((_("from %(price)s") % {"price": price(listing.price_min)},
                      query_without(params, "price_min")))
    if listing.price_max is not None:
        chips.append((_("up to %(price)s") % {"price": price(listing.price_max)},
                      query_without(params, "price_max")))
    if listing.in_stock_only:
        chips.append((_("In stock"), query_without(params, "in_stock")))
    return chips



@register.filter
def unavailable(sizes):
    """The sizes (variants annotated with `available`) that cannot be ordered now."""
    return [variant for variant in sizes if not getattr(variant, "available", 0)]


# --- product tiles ------------------------------------------------------------
# Rendering a tile (image srcset, prices, attributes) is most of a listing's work, and a
# tile looks the same for every shopper: tiles are cached, keyed on what they show.
def _tile_key(values, heading):
    return make_template_fragment_key("product_tile", [*values, translation.get_language(), heading])


def _render_tile(product, heading):
    html = render_to_string(TILE_TEMPLATE, {"product": product, "heading": heading})
    cache.set(_tile_key([getattr(product, f) for f in TILE_VARY_ON], heading), html, TILE_TTL)
    return html


@register.simple_tag
def product_tile(product, heading="h2"):
    """One product's tile (`heading`: the tag of its name, h2 under a page title, h3 under a section)."""
    html = cache.get(_tile_key([getattr(product, f) for f in TILE_VARY_ON], heading))
    return mark_safe(html if html is not None else _render_tile(product, heading))


@register.simple_tag
def product_tiles(product_ids, heading="h2"):
    """The tiles of these products, in this order, for a listing's page.

    One small query finds the tiles' keys and one cache round trip the tiles; only the
    products whose tile is not cached are loaded with their photos and attributes
    (four more queries) and rendered. Ids of products that no longer exist are left out.
    """
    from shop.models import Product

    keys = {row[0]: _tile_key(row, heading)
            for row in Product.objects.filter(pk__in=product_ids).values_list(*TILE_VARY_ON)}
    found = cache.get_many(keys.values())
    tiles = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in tiles]
    if missing:
        for product in Product.objects.filter(pk__in=missing).with_tile_data():
            tiles[product.pk] = _render_tile(product, heading)
    return [mark_safe(tiles[pk]) for pk in product_ids if pk in tiles]

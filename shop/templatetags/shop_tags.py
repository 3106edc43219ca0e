"""Storefront template helpers: prices, listing query strings, active-filter chips."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()

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

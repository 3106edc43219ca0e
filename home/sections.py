"""Which products a homepage product section shows."""

from django.db.models import F, Q

from shop.models import Product


def section_products(value):
    limit = value["limit"] or 8
    visible = Product.objects.visible()
    source = value["source"]
    if source == "picked":
        ids = [p.pk for p in value["products"] if p]
        by_id = {p.pk: p for p in visible.filter(pk__in=ids).with_tile_data()}
        return [by_id[pk] for pk in ids if pk in by_id][:limit]
    if source == "category" and value["category"]:
        visible = visible.filter(category__path__startswith=value["category"].path)
    elif source == "option" and value["option"]:
        visible = visible.filter(attributes__option=value["option"])
    elif source == "sale":
        # A sale price, or a crossed-out price above what the shopper pays.
        visible = visible.filter(Q(sale_price__isnull=False) | Q(compare_at_price__gt=F("current_price")))
    return list(visible.order_by("-in_stock", "-created_at").with_tile_data()[:limit])

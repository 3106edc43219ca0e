"""A channel's line -> our variant, by the offer id our feeds gave it: `{supplier}-{variant pk}`.

The prefix must be the variant's own supplier's (channels.projection.id_prefix), so an id whose
number now belongs to another supplier's variant does not match it.
"""

from channels.projection import id_prefix
from shop.models import Variant


def parse_offer_id(offer_id: str) -> tuple[str, int] | None:
    prefix, _, number = (offer_id or "").strip().rpartition("-")
    if not prefix or not number.isdigit():
        return None
    return prefix, int(number)


def match_offers(offer_ids) -> dict:
    """{offer id: Variant} for the ids that are ours."""
    wanted = {offer_id: parsed for offer_id in set(offer_ids) if (parsed := parse_offer_id(offer_id))}
    variants = Variant.objects.select_related("product__supplier").in_bulk(
        {number for _prefix, number in wanted.values()}
    )
    found = {}
    for offer_id, (prefix, number) in wanted.items():
        variant = variants.get(number)
        if variant is None:
            continue
        supplier = variant.product.supplier
        if id_prefix(supplier.slug if supplier else None) == prefix:
            found[offer_id] = variant
    return found


def find_variant(reference: str):
    """What a manager typed to pick a variant: our offer id, or a SKU that only one variant has."""
    reference = (reference or "").strip()
    if not reference:
        return None
    variant = match_offers([reference]).get(reference)
    if variant is not None:
        return variant
    candidates = list(Variant.objects.select_related("product").filter(sku=reference)[:2])
    return candidates[0] if len(candidates) == 1 else None

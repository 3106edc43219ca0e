"""One variant-level view of the catalog that every channel's writer reads.

A product becomes an Entry with one Offer per size. Offer ids are `{supplier-slug}-{variant pk}`:
variant rows survive syncs (they are kept per product and size) and renames, so the id stays
the same across rebuilds, and a primary key cannot collide across suppliers the way feed SKUs
can (they are optional, and often shared by every size of a model). A model with more than one
size carries a group id, `{supplier-slug}-p{product pk}`, on each of its offers.

Products are read in keyset-paged chunks with a fixed number of queries per chunk, so memory
stays bounded whatever the catalog size.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.db.models import F, Sum
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from wagtail.models import Site

from channels.models import ChannelCategory, ChannelListing, RefusedOffer
from shop.models import CategoryPage, Product, ProductAttribute, ProductImage, Variant
from shop.pricing import crossed_out_price

CHUNK = 1000
PRODUCT_FIELDS = ("pk", "name", "description", "brand", "supplier_sku", "category_id", "slug", "status",
                  "price", "sale_price", "compare_at_price", "current_price")
ID_PREFIX_LENGTH = 30  # keeps ids within Google's 50 characters
Reason = RefusedOffer.Reason
# Wagtail's stored rich text links pages and documents by id; feeds get the text only.
_INTERNAL_TAGS = re.compile(r"</?(?:a|embed)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Offer:
    id: str
    size: str
    available: bool
    quantity: int
    price: Decimal
    old_price: Decimal | None
    url: str
    barcode: str = ""


@dataclass
class Entry:
    product_id: int
    title: str
    description_html: str
    brand: str
    sku: str
    category_id: int | None
    mapping: ChannelCategory | None
    group_id: str | None
    pictures: list[str]
    attributes: dict[str, list[str]]  # definition slug -> option values
    params: list[tuple[str, list[str]]]  # (definition name, option values), in definition order
    offers: list[Offer] = field(default_factory=list)
    listing_state: str = ChannelListing.State.NEW

    @property
    def description_text(self) -> str:
        return " ".join(html.unescape(_TAGS.sub(" ", self.description_html)).split())

    def colour(self) -> str:
        return "/".join(self.attributes.get("colour", [])[:3])


@dataclass
class Refusal:
    product_id: int
    product_name: str
    reason: str
    detail: str = ""


def id_prefix(supplier_slug: str | None) -> str:
    return (supplier_slug or "own")[:ID_PREFIX_LENGTH]


def offer_id(supplier_slug: str | None, variant_id: int) -> str:
    return f"{id_prefix(supplier_slug)}-{variant_id}"


def site_root_url() -> str:
    from django.conf import settings

    if settings.CHANNELS_SITE_URL:
        return settings.CHANNELS_SITE_URL.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def category_mappings(channel) -> dict[int, ChannelCategory]:
    """Every category id -> the mapping of itself or its nearest mapped ancestor."""
    rows = {m.category.path: m for m in channel.category_mappings.select_related("category")}
    resolved = {}
    for pk, path in CategoryPage.objects.values_list("pk", "path"):
        for depth in range(len(path), 0, -CategoryPage.steplen):
            mapping = rows.get(path[:depth])
            if mapping is not None:
                resolved[pk] = mapping
                break
    return resolved


class Projection:
    """Iterate a channel's products as Entry (publishable) or Refusal objects."""

    def __init__(self, channel, chunk: int = CHUNK, product_ids=None):
        self.channel = channel
        self.chunk = chunk
        self.product_ids = product_ids  # None: the whole selection
        self.site = iri_to_uri(site_root_url())
        self.mappings = category_mappings(channel)
        self.min_stock = max(1, channel.min_stock)
        self._url_prefix = reverse("shop:product", kwargs={"slug": "SLUG"}).split("SLUG")

    def __iter__(self):
        # Rows as dicts, not Product instances: building 50,000 clusterable models costs more
        # than writing their offers. Feeds are in the default language (Ukrainian: `name`).
        last = 0
        products = self.channel.products()
        if self.product_ids is not None:
            products = products.filter(pk__in=list(self.product_ids))
        while True:
            batch = [SimpleNamespace(**row) for row in products.filter(pk__gt=last).order_by("pk").values(
                *PRODUCT_FIELDS, supplier_slug=F("supplier__slug"))[: self.chunk]]
            if not batch:
                return
            last = batch[-1].pk
            yield from self._project(batch)

    # --- one chunk ---
    def _project(self, batch):
        ids = [p.pk for p in batch]
        variants = self._variants(ids)
        pictures = self._pictures(ids)
        attributes = self._attributes(ids)
        listings = self._listings(batch)
        for product in batch:
            entry_or_refusal = self._entry(product, variants.get(product.pk, []),
                                           pictures.get(product.pk, []), attributes.get(product.pk, []))
            if isinstance(entry_or_refusal, Entry):
                listing = listings[product.pk]
                entry_or_refusal.listing_state = listing.state
                if listing.live_title:
                    entry_or_refusal.title = listing.live_title
                if listing.live_description:
                    entry_or_refusal.description_html = listing.live_description
            yield entry_or_refusal

    def _entry(self, product, variants, pictures, attributes):
        def refuse(reason, detail=""):
            return Refusal(product.pk, product.name[:255], reason, detail)

        if not variants:
            return refuse(Reason.NO_SIZE)
        if not pictures:
            return refuse(Reason.NO_PHOTO)
        price = self.channel.price(product.current_price)
        if not price or price <= 0:
            return refuse(Reason.ZERO_PRICE)
        mapping = self.mappings.get(product.category_id)
        if mapping is None:
            return refuse(Reason.UNMAPPED_CATEGORY)
        slug = product.supplier_slug
        prefix = id_prefix(slug)
        url = self.site + iri_to_uri(product.slug.join(self._url_prefix))
        old_price = self.channel.price(crossed_out_price(
            product.price, product.sale_price, product.compare_at_price, product.current_price))
        buyable = product.status == Product.Status.ACTIVE
        offers = []
        for variant_id, size, barcode, quantity in variants:
            available = buyable and quantity >= self.min_stock
            offers.append(Offer(
                id=offer_id(slug, variant_id), size=size, available=available,
                quantity=quantity if available else 0, price=price, old_price=old_price,
                url=f"{url}?size={quote(size)}", barcode=barcode,
            ))
        by_definition: dict[str, list[str]] = defaultdict(list)
        names: dict[str, str] = {}
        for slug, name, value in attributes:
            by_definition[slug].append(value)
            names[slug] = name
        return Entry(
            product_id=product.pk, title=product.name,
            description_html=_INTERNAL_TAGS.sub("", product.description),
            brand=product.brand.strip(), sku=product.supplier_sku, category_id=product.category_id,
            mapping=mapping, group_id=f"{prefix}-p{product.pk}" if len(offers) > 1 else None,
            pictures=pictures, attributes=dict(by_definition),
            params=[(names[slug], values) for slug, values in by_definition.items()],
            offers=offers,
        )

    def _variants(self, ids):
        rows = defaultdict(list)
        for variant_id, product_id, size, barcode, quantity in (
            Variant.objects.filter(product_id__in=ids).annotate(quantity=Sum("stock__quantity"))
            .order_by("product_id", "sort_order", "size")
            .values_list("id", "product_id", "size", "barcode", "quantity")
        ):
            rows[product_id].append((variant_id, size, barcode, quantity or 0))
        return rows

    def _pictures(self, ids):
        rows = defaultdict(list)
        for product_id, name in (ProductImage.objects.filter(product_id__in=ids)
                                 .order_by("product_id", "sort_order", "pk")
                                 .values_list("product_id", "image__file")):
            if name:
                rows[product_id].append(self.site + iri_to_uri(default_storage.url(name)))
        return rows

    def _attributes(self, ids):
        rows = defaultdict(list)
        for product_id, slug, name, value in (
            ProductAttribute.objects.filter(product_id__in=ids)
            .order_by("product_id", "option__definition__sort_order", "option__definition__name",
                      "option__sort_order")
            .values_list("product_id", "option__definition__slug", "option__definition__name",
                         "option__value")
        ):
            rows[product_id].append((slug, name, value))
        return rows

    def _listings(self, batch):
        """The channel's listing of each product, created on first sight."""
        ids = [p.pk for p in batch]
        found = {row.product_id: row for row in ChannelListing.objects.filter(
            channel=self.channel, product_id__in=ids).only(
            "product_id", "state", "live_title", "live_description")}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            state = (ChannelListing.State.LIVE if self.channel.approve_new_listings
                     else ChannelListing.State.NEW)
            ChannelListing.objects.bulk_create(
                [ChannelListing(channel=self.channel, product_id=pk, state=state) for pk in missing],
                ignore_conflicts=True)
            for pk in missing:
                found[pk] = ChannelListing(channel=self.channel, product_id=pk, state=state)
        return found

"""A small loader from neutral feed records (suppliers.feeds) into the catalog.

It serves `manage.py load_demo` and the tests: parse a supplier's file with its
adapter and upsert one product per record. The supplier-sync pipeline replaces
it later (fetching with limits, locks, unpublishing what left the feed, WebP
images, reindexing); this loader keeps to what a demo needs and is honest about
the rest:

- name: the supplier's brand, model codes and promo words removed (regexes below);
- category: the supplier's category name looked up in a keyword table; a record
  that maps nowhere, or has no price, is kept but hidden, never dropped;
- attributes: params filed under colour / season / material / lining options
  by AttributeDefinition.classify;
- description: sanitized with the editor policy (feeds carry hostile HTML);
- price: only supplier_price is set, Product.save computes the retail price;
- sizes: variants with stock in the supplier's own warehouse;
- photos: read from file:// URLs inside the feed folder, stored once per file hash.

Re-running with the same feed changes nothing: products are found by sync_id,
images by hash, and a product gets a new revision only when its content changed.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.sanitize import clean_editor_html
from shop.models import (
    AttributeDefinition,
    Product,
    ProductAttribute,
    ProductImage,
    StockRecord,
    Variant,
    refresh_product_stock,
)
from shop.models.products import unique_product_slug
from shop.pricing import round_price, rounding_rule

# --- names -------------------------------------------------------------------

# Words suppliers add to names to sell, not to describe ("new" and "top" stay:
# "New Balance", "Top Shop").
PROMO_WORDS = r"(?<!\w)(?:хіт|хит|hit|новинка|акція|акция|sale|розпродаж)(?!\w)"
# What each supplier puts into names beyond its brand and the record's model code;
# matched case-insensitively.
NAME_RULES = {
    "kalyna": [],  # "🔥 Туфлі ... Kalyna 33888 ХІТ": brand, code and promo words only
    "vzuttia": [r"(?<!\w)VZ-?\d+(?!\w)"],  # "VZ-10131 Черевики ..."
    "solomoda": [r"(?<!\w)арт(?:\.|(?!\w))\s*(?:[\w-]*\d[\w-]*)?"],  # "... арт. SM-10131"
    "lorena": [r"^\s*\d+-\d+(?!\w)"],  # "101-31 Уггі ... LORENA"
}
_EDGE_PUNCTUATION = " \t-–—,.;:|/\\"


def clean_name(raw: str, *, supplier_slug: str, brands=(), model_code: str = "") -> str:
    """'🔥 Туфлі жіночі шкіряні "Kalyna" 33888 ХІТ' -> 'Туфлі жіночі шкіряні'."""
    text = html.unescape(raw or "")
    # Emoji and pictographs (symbols, their variation selectors and joiners).
    text = "".join(ch for ch in text if unicodedata.category(ch) != "So"
                   and ch not in "\ufe0f\u200d")
    for brand in {b.strip() for b in brands if b and b.strip()}:
        text = re.sub(rf"""(?i)["'«“„]?(?<!\w){re.escape(brand)}(?!\w)["'»”]?""", " ", text)
    # The supplier's own rules run before the code goes, so "арт. SM-1" goes whole.
    for rule in [*NAME_RULES.get(supplier_slug, []), PROMO_WORDS]:
        text = re.sub(rule, " ", text, flags=re.IGNORECASE)
    if model_code:
        text = re.sub(rf"(?i)(?<![\w-]){re.escape(model_code)}(?![\w-])", " ", text)
    text = re.sub(r"\(\s*\)|\[\s*\]|\"\s*\"", " ", text)  # brackets left empty
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


# --- categories --------------------------------------------------------------

# Stem found in the supplier's category name -> the store category's key.
# Checked in order: "челсі" before "черевики", "ботильйони" before "боти...".
CATEGORY_KEYWORDS = [
    ("челс", "chelsea"), ("ботильйон", "booties"), ("ботильон", "booties"),
    ("угг", "uggs"), ("ugg", "uggs"), ("сліпон", "slip-ons"), ("слипон", "slip-ons"),
    ("мокасин", "moccasins"), ("лофер", "loafers"), ("балетк", "ballet-flats"),
    ("кросів", "sneakers"), ("кроссов", "sneakers"), ("sneaker", "sneakers"),
    ("босоніж", "sandals"), ("босонож", "sandals"), ("сандал", "sandals"),
    ("туфл", "shoes"), ("черевик", "ankle-boots"), ("ботин", "ankle-boots"),
    ("чобот", "boots"), ("сапог", "boots"),
]


def category_key(record) -> str | None:
    """The store category for a record, from its category name (then its path/id)."""
    for text in (record.category_name, record.category_key):
        text = (text or "").casefold()
        for stem, key in CATEGORY_KEYWORDS:
            if stem in text:
                return key
    return None


# --- attributes --------------------------------------------------------------

# Param name (casefolded) stem -> attribute definition slug. Lining before
# material: "Матеріал підкладки" is about the lining.
PARAM_DEFINITIONS = [
    (("підклад", "подклад", "lining", "утеплювач", "утеплитель"), "lining"),
    (("колір", "цвет", "color", "colour"), "colour"),
    (("сезон", "season"), "season"),
    (("матеріал", "материал", "material"), "material"),
]


def param_definition(name: str) -> str | None:
    name = name.casefold()
    for stems, slug in PARAM_DEFINITIONS:
        if any(stem in name for stem in stems):
            return slug
    return None


# --- photos ------------------------------------------------------------------

class ImageLibrary:
    """Wagtail images keyed by content hash, so one picture is stored once however
    many products, runs or banners use it."""

    def __init__(self):
        self.model = get_image_model()
        self.by_hash = dict(
            self.model.objects.exclude(file_hash="").values_list("file_hash", "pk")
        )
        self.created = 0

    def add(self, data: bytes, filename: str, title: str) -> int | None:
        """The id of the image with these bytes, creating it if new; None if not an image."""
        return self.add_many([(data, filename, title)])[0]

    def add_many(self, files) -> list[int | None]:
        """Ids for (bytes, file name, title) triples, None where the bytes are no image.

        New images are written in one INSERT and added to the admin's image search in
        one pass: saving them one by one would index each in its own round of queries.
        """
        results, new = [], {}
        for data, filename, title in files:
            digest = hashlib.sha1(data).hexdigest()  # the hash Wagtail keeps in file_hash
            if digest in self.by_hash or digest in new:
                results.append(digest)
                continue
            size = picture_size(data)
            if size is None:
                results.append(None)
                continue
            # Width and height given up front spare Wagtail a decode of every file.
            new[digest] = self.model(
                title=title[:255], file=ImageFile(io.BytesIO(data), name=filename),
                width=size[0], height=size[1], file_size=len(data), file_hash=digest)
            results.append(digest)
        if new:
            created = self.model.objects.bulk_create(new.values())  # pks come back (RETURNING)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(self.model, created)
            self.by_hash.update({digest: image.pk for digest, image in new.items()})
            self.created += len(created)
        return [self.by_hash[d] if d else None for d in results]


def picture_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of an image Pillow can read, else None."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            size = probe.size
            probe.verify()
    except Exception:  # noqa: BLE001 - any decoder error means "not a usable image"
        return None
    return size


def local_picture(url: str, root: Path) -> Path | None:
    """The file a file:// URL names, if it lies inside `root` (the feeds folder)."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None  # the demo is offline; downloading is the sync pipeline's job
    path = Path(unquote(parsed.path)).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


# --- the loader --------------------------------------------------------------

@dataclass
class ImportStats:
    supplier: str
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    hidden: int = 0
    missing_photos: int = 0
    feed_warnings: list = field(default_factory=list)

    def __str__(self):
        return (f"{self.supplier}: {self.records} models ({self.created} new, {self.updated} "
                f"updated, {self.unchanged} unchanged), {self.hidden} hidden, "
                f"{self.missing_photos} photos missing, {len(self.feed_warnings)} feed warnings")


class DemoImporter:
    """Loads one supplier's feed file into products of that supplier."""

    def __init__(self, supplier, categories: dict, *, images: ImageLibrary | None,
                 english_names: dict | None = None, feeds_root: Path | None = None,
                 brand: str = ""):
        """`categories` maps CATEGORY_KEYWORDS keys to CategoryPages; `english_names`
        maps model codes to English names; `images` None skips photos."""
        self.supplier = supplier
        self.categories = categories
        self.images = images
        self.english_names = english_names or {}
        self.feeds_root = feeds_root
        self.brands = [b for b in (brand, supplier.name) if b]
        self.warehouse = supplier.warehouse
        self.definitions = {d.slug: d for d in AttributeDefinition.objects.prefetch_related("options")}

    def load(self, path: Path, adapter) -> ImportStats:
        """Import every record of the file; one transaction, so a feed that turns out
        broken half-way (FeedError) leaves the catalog as it was."""
        stats = ImportStats(self.supplier.slug)
        self.feeds_root = self.feeds_root or Path(path).parent
        touched, published = [], []
        # Wagtail re-indexes references on every save of a product and of each of its
        # children (a dozen times per product); the index is updated once per product below.
        with open(path, "rb") as stream, transaction.atomic(), disable_reference_index_auto_update():
            for record in adapter.parse(stream):
                product, changed = self.import_record(record, stats)
                touched.append(product.pk)
                if changed:
                    published.append(product)
            refresh_product_stock(touched)
            for product in published:
                ReferenceIndex.create_or_update_for_object(product)
        stats.feed_warnings = list(adapter.warnings)
        return stats

    def import_record(self, record, stats: ImportStats) -> tuple[Product, bool]:
        stats.records += 1
        sync_id = f"{self.supplier.slug}:{record.model_code}"
        product = Product.objects.filter(sync_id=sync_id).select_related("category", "supplier").first()
        is_new = product is None
        if is_new:
            product = Product(supplier=self.supplier, sync_id=sync_id, live=False)
        before = None if is_new else fingerprint(product)

        self.apply_fields(product, record, is_new)
        self.apply_attributes(product, record)
        if self.images is not None:
            stats.missing_photos += self.apply_images(product, record)
        if product.status == Product.Status.HIDDEN:
            stats.hidden += 1

        changed = is_new or fingerprint(product) != before
        if changed:
            publish(product, is_new)
            stats.created += is_new
            stats.updated += not is_new
        else:
            stats.unchanged += 1
        self.apply_stock(product.pk, record)
        return product, changed

    def apply_fields(self, product: Product, record, is_new: bool) -> None:
        key = category_key(record)
        english = self.english_names.get(record.model_code, "")
        name = clean_name(record.name, supplier_slug=self.supplier.slug,
                          brands=[record.brand, *self.brands], model_code=record.model_code)
        values = {
            "name": name or record.name,
            "name_en": english,
            "description": clean_description(record.description),
            "brand": record.brand or (self.brands[0] if self.brands else ""),
            "category": self.categories.get(key) if key else None,
        }
        manual = set(product.manual_fields or [])
        for name_, value in values.items():
            if is_new or name_ not in manual:  # an editor's hand-made change wins
                setattr(product, name_, value)
        if is_new:
            product.slug = unique_product_slug(f"{english or values['name']} {record.model_code}")
        product.supplier_sku = record.model_code[:120]
        product.supplier_url = record.url[:500]
        product.supplier_price = record.price
        # Never lost, but not shown: no store category, or no price to sell at. Hidden is
        # the loader's to set and lift; "disabled" (listed, not buyable) is left alone.
        sellable = product.category is not None and record.price is not None
        if not sellable:
            product.status = Product.Status.HIDDEN
        elif product.status == Product.Status.HIDDEN:
            product.status = Product.Status.ACTIVE
        product.refresh_price()  # Product.save does it again; needed here for the old price
        # The supplier's old price, rounded like our prices; shown only when above ours.
        old = round_price(record.old_price, rounding_rule(product)) if record.old_price else None
        product.compare_at_price = old if old is not None and old > product.price else None

    def apply_attributes(self, product: Product, record) -> None:
        existing = {a.option_id: a for a in product.attributes.all()}
        wanted = {}
        for param, raw in record.params.items():
            definition = self.definitions.get(param_definition(param) or "")
            option = definition.classify(raw) if definition else None
            if option is not None and option.pk not in wanted:
                attribute = existing.get(option.pk) or ProductAttribute(option=option)
                attribute.raw_value = raw[:120]
                wanted[option.pk] = attribute
        product.attributes = list(wanted.values())

    def apply_images(self, product: Product, record) -> int:
        """Attach the record's photos in feed order; returns how many could not be read."""
        files = []
        for position, url in enumerate(record.pictures):
            path = local_picture(url, self.feeds_root)
            if path is not None:
                files.append((path.read_bytes(), path.name, f"{product.name} — {position + 1}"))
        image_ids = [i for i in self.images.add_many(files) if i is not None]
        existing = {i.image_id: i for i in product.images.all()}
        attached = []
        for image_id in dict.fromkeys(image_ids):  # the same photo listed twice counts once
            item = existing.get(image_id) or ProductImage(image_id=image_id)
            item.alt = product.name[:255]
            item.sort_order = len(attached)
            attached.append(item)
        product.images = attached
        return len(record.pictures) - len(image_ids)

    def apply_stock(self, product_id: int, record) -> None:
        """One variant per size, its quantity in the supplier's warehouse; sizes that
        left the feed keep their variant (orders may point at it) with no stock."""
        variants = {v.size: v for v in Variant.objects.filter(product_id=product_id)}
        stock = {s.variant_id: s for s in StockRecord.objects.filter(
            variant__product_id=product_id, warehouse=self.warehouse)}
        new, quantities = [], {}
        for position, item in enumerate(record.variants):
            fields = {"sku": item.sku[:120], "barcode": item.barcode[:64], "sort_order": position}
            variant = variants.get(item.size)
            if variant is None:
                new.append(Variant(product_id=product_id, size=item.size, **fields))
            elif any(getattr(variant, k) != v for k, v in fields.items()):
                Variant.objects.filter(pk=variant.pk).update(**fields)
            quantities[item.size] = item.quantity
        for variant in Variant.objects.bulk_create(new):  # pks come back on SQLite and PostgreSQL
            variants[variant.size] = variant
        missing = []
        for size, variant in variants.items():
            quantity = quantities.get(size, 0)
            current = stock.get(variant.pk)
            if current is None:
                missing.append(StockRecord(variant=variant, warehouse=self.warehouse,
                                           quantity=quantity))
            elif current.quantity != quantity:
                StockRecord.objects.filter(pk=current.pk).update(quantity=quantity)
        StockRecord.objects.bulk_create(missing)


def publish(product: Product, is_new: bool) -> None:
    """Save the product live with a revision and log entries, as publishing in the admin
    leaves it (history, compare, revert), in one save: Revision.publish() would rebuild
    the product from the revision and save it and all its children a second time."""
    now = timezone.now()
    product.live = True
    product.has_unpublished_changes = False
    product.first_published_at = product.first_published_at or now
    product.last_published_at = now
    product.save()
    # clean=False: the loader sets only values it has already normalised.
    revision = product.save_revision(clean=False, changed=False)
    Product.objects.filter(pk=product.pk).update(live_revision=revision)
    product.live_revision = revision
    if is_new:
        log(instance=product, action="wagtail.create", revision=revision)
    log(instance=product, action="wagtail.publish", revision=revision, content_changed=True)


def clean_description(raw: str) -> str:
    """Feed HTML sanitized for the storefront; plain text becomes a paragraph."""
    text = (raw or "").strip()
    if not text:
        return ""
    if "<" not in text:
        return f"<p>{html.escape(text, quote=False)}</p>"
    return clean_editor_html(text)


# Fields whose change deserves a new revision (stock and prices derived from
# the supplier price are not content an editor reviews, but price changes are).
FINGERPRINT_FIELDS = ("name", "name_en", "description", "brand", "category_id", "status",
                      "slug", "supplier_sku", "supplier_url", "supplier_price", "price",
                      "compare_at_price")


def fingerprint(product: Product) -> tuple:
    fields = tuple(str(getattr(product, f)) for f in FINGERPRINT_FIELDS)
    attributes = tuple(sorted((a.option_id, a.raw_value) for a in product.attributes.all()))
    images = tuple((i.image_id, i.alt) for i in product.images.all())
    return fields, attributes, images

"""Phase two of a run: one batch of feed models into products, sizes, stock, attributes, photos.

Per batch one query reads each model's product state and record digest
(digest.py): models whose digest still matches are unchanged and cost no
further work. For the others a fixed number of queries reads what exists
(products, feed items, attributes, photos, sizes, stock; sizes and stock as
plain rows), the desired state is computed in Python, and only the
differences are written in bulk (bulk.py: COPY and array UPDATEs on
PostgreSQL, bulk_create / bulk_update elsewhere) inside one transaction.
Product.save() is not called: the retail price is computed here with
shop.pricing (prices.py), exactly as Product.refresh_price() would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from shop.models import (
    Product,
    ProductAttribute,
    ProductImage,
    StockRecord,
    Variant,
)
from shop.models.products import transliterate
from suppliers.feeds import FeedRecord
from suppliers.models import FeedItem

from . import audit, bulk, originals
from .digest import fingerprint, record_digest
from .markup import sanitise

MAX_QUANTITY = 100_000
Status = Product.Status


@dataclass
class Item:
    """A feed model ready to write: the record, its sync id and its cleaned name."""

    sync_id: str
    name: str
    record: FeedRecord
    fingerprint: bytes = b""  # set by the writer (digest.py)


@dataclass
class _State:
    """What exists for one batch, read in a fixed number of queries."""

    products: dict[str, Product] = field(default_factory=dict)
    feed_items: dict[int, FeedItem] = field(default_factory=dict)
    attributes: dict[int, list[dict]] = field(default_factory=dict)
    images: dict[int, list[int]] = field(default_factory=dict)
    # product id -> size -> (variant id, sku, barcode, sort_order)
    variants: dict[int, dict[str, tuple]] = field(default_factory=dict)
    stock: dict[int, tuple[int, int]] = field(default_factory=dict)  # variant id -> (id, quantity)


def digest(text: str) -> str:
    return hashlib.sha1((text or "").encode("utf-8", "surrogatepass")).hexdigest()


class BatchWriter:
    def __init__(self, *, supplier, run, categories, attributes, pricing, images=None, dry_run=False):
        self.supplier = supplier
        self.run = run
        self.categories = categories
        self.attributes = attributes
        self.pricing = pricing
        self.images = images
        self.dry_run = dry_run
        self.warehouse = supplier.warehouse
        self.owned_definitions = attributes.mapped_definitions()
        self.audit = audit.AuditLog(run)
        self.changed_ids: set[int] = set()  # everything the run touched, for hooks.products_changed

    # ------------------------------------------------------------------ skipping
    CURRENT = ("pk", "sync_id", "status", "updated_at", "manual_fields", "markup_percent", "category_id",
               "feed_item__record_digest")

    def _split(self, items: list[Item]) -> list[Item]:
        """Fingerprint every item; count the unchanged ones and return the rest."""
        current = {row[1]: row for row in Product.objects.filter(
            sync_id__in=[i.sync_id for i in items]).values_list(*self.CURRENT)}
        images = self.images is not None
        fresh = []
        for item in items:
            row = current.get(item.sync_id)
            record = item.record
            category_id = self.categories.category_id(record)
            manual = (row[4] or []) if row else []
            if row and "category" in manual:
                category_id = row[6]
            options = self.attributes.options(record)  # also counts unknown values for the run
            item.fingerprint = fingerprint(item, category_id, options,
                                           self.pricing.markup(row[5] if row else None, category_id), images)
            if row is None or not row[7] or row[7] != record_digest(item.fingerprint, row[2], row[3], manual):
                fresh.append(item)
                continue
            self.run.unchanged += 1
            if images:
                self.images.keep(record.pictures)
            if row[2] == Status.HIDDEN and "status" not in manual:
                self.run.hidden += 1
                self.run.count_reason(self._hidden_reason(record, SimpleNamespace(category_id=row[6])))
        return fresh

    # ------------------------------------------------------------------ reading
    def _load(self, items: list[Item]) -> _State:
        state = _State()
        sync_ids = [i.sync_id for i in items]
        state.products = {p.sync_id: p for p in Product.objects.filter(sync_id__in=sync_ids)}
        ids = [p.pk for p in state.products.values()]
        if not ids:
            return state
        state.feed_items = {f.pk: f for f in FeedItem.objects.filter(product_id__in=ids)}
        for row in ProductAttribute.objects.filter(product_id__in=ids).values(
                "id", "product_id", "option_id", "raw_value", "option__definition_id"):
            state.attributes.setdefault(row["product_id"], []).append(row)
        for product_id, image_id in ProductImage.objects.filter(product_id__in=ids).order_by(
                "product_id", "sort_order", "id").values_list("product_id", "image_id"):
            state.images.setdefault(product_id, []).append(image_id)
        variants = Variant.objects.filter(product_id__in=ids).values_list(
            "id", "product_id", "size", "sku", "barcode", "sort_order")
        for vid, product_id, size, sku, barcode, order in variants:
            state.variants.setdefault(product_id, {})[size] = (vid, sku, barcode, order)
        stock = StockRecord.objects.filter(variant__product_id__in=ids, warehouse=self.warehouse)
        state.stock = {vid: (sid, qty) for sid, vid, qty in stock.values_list("id", "variant_id", "quantity")}
        return state

    # ------------------------------------------------------------------ writing
    def write(self, items: list[Item]) -> None:
        items = self._split(items)
        if items:
            self._write(items)

    def _write(self, items: list[Item]) -> None:
        state = self._load(items)
        photos = self._photos(items)  # downloads happen outside the transaction
        now = timezone.now()
        with transaction.atomic():
            new_products, changed_products, changed_fields = [], [], set()
            plans = []
            for item in items:
                product = state.products.get(item.sync_id)
                is_new = product is None
                if is_new:
                    product = Product(sync_id=item.sync_id, supplier=self.supplier, live=True,
                                      first_published_at=now, last_published_at=now)
                fields = self._apply_fields(item, product, is_new, state.feed_items.get(product.pk))
                if is_new:
                    new_products.append(product)
                elif fields:
                    product.updated_at = now
                    changed_products.append(product)
                    changed_fields |= fields
                plans.append((item, product, is_new, fields))

            for item, product, is_new, _fields in plans:
                if is_new:  # only the supplier's warehouse can hold its stock yet
                    product.total_stock = sum(self._quantities(item.record).values())
                    product.in_stock = product.total_stock > 0
            self._insert_products(new_products, items_by_sync={i.sync_id: i for i in items})
            if not self.dry_run:
                originals.record(new_products, now)
            if changed_products:
                bulk.update(changed_products, sorted(changed_fields | {"updated_at"}))

            stock_changed = self._write_sizes(plans, state)
            relations_changed = self._write_attributes(plans, state)
            relations_changed |= self._write_photos(plans, state, photos)
            photos_complete = self._photos_complete(plans, photos)
            self._write_feed_items(plans, state, photos_complete)
            created_ids = {p.pk for p in new_products}
            refresh_totals([pid for pid in stock_changed if pid not in created_ids])

            for item, product, is_new, fields in plans:
                extra = relations_changed.get(product.pk, set())
                if is_new:
                    self.run.created += 1
                    self.audit.add(product.pk, product.name, audit.CREATE)
                elif fields or extra:
                    self.run.updated += 1
                    self.audit.add(product.pk, product.name, audit.UPDATE, fields | extra)
                else:
                    self.run.unchanged += 1
                if product.pk in stock_changed and not is_new:
                    self.run.stock_changed += 1
                if is_new or fields or extra or product.pk in stock_changed:
                    self.changed_ids.add(product.pk)
                if product.status == Status.HIDDEN and "status" not in (product.manual_fields or []):
                    self.run.hidden += 1
                    self.run.count_reason(self._hidden_reason(item.record, product))
            self.audit.flush()
            if self.dry_run:
                transaction.set_rollback(True)

    # --- product row ---
    def _apply_fields(self, item: Item, product: Product, is_new: bool, feed_item) -> set[str]:
        """Set the feed's values on the product; returns the names of fields that changed."""
        record = item.record
        manual = set(product.manual_fields or []) if not is_new else set()
        values: dict = {"supplier_id": self.supplier.pk, "supplier_sku": record.model_code[:120],
                        "supplier_url": record.url[:500]}
        if "name" not in manual:
            values["name"] = item.name[:255]
        if "brand" not in manual:
            values["brand"] = (record.brand or "")[:120]
        if "category" not in manual:
            values["category_id"] = self.categories.category_id(record)
        if "description" not in manual and (
                is_new or feed_item is None or feed_item.description_digest != digest(record.description)):
            values["description"] = sanitise(record.description)
        category_id = values.get("category_id", product.category_id)
        if record.price is not None:
            values["supplier_price"] = record.price
            values["price"] = self.pricing.retail(record.price, product.markup_percent, category_id)
            if "compare_at_price" not in manual:
                values["compare_at_price"] = self.pricing.compare_at(record.old_price, values["price"])
        values["current_price"] = product.sale_price or values.get("price", product.price)
        if "status" not in manual:
            sellable = category_id is not None and (record.price is not None)
            values["status"] = Status.ACTIVE if sellable else Status.HIDDEN
        changed = set()
        for name, value in values.items():
            if getattr(product, name) != value:
                setattr(product, name, value)
                changed.add(name)
        return changed

    @staticmethod
    def _hidden_reason(record, product) -> str:
        if product.category_id is None:
            return "category not mapped (imported hidden)"
        if record.price is None:
            return "no valid price (imported hidden)"
        return "hidden"

    def _insert_products(self, products: list[Product], items_by_sync: dict, attempts: int = 3) -> None:
        """Insert new products under free slugs.

        Slugs are looked up, then inserted: a sync of another supplier running at
        the same time (the same model from two suppliers) can take one in between.
        The insert then fails alone, in a savepoint, and the slugs are picked again.
        """
        for attempt in range(attempts):
            self._assign_slugs(products, items_by_sync)
            try:
                with transaction.atomic():
                    bulk.insert_objects(products)
                return
            except IntegrityError:
                if attempt == attempts - 1:
                    raise

    def _assign_slugs(self, products: list[Product], items_by_sync: dict) -> None:
        """name + model code, made unique against the database and each other in one query."""
        if not products:
            return
        wanted = []
        for product in products:
            code = slugify(transliterate(items_by_sync[product.sync_id].record.model_code))[:40]
            base = slugify(transliterate(product.name))[:150].strip("-") or "product"
            wanted.append(f"{base}-{code}".strip("-") if code else base)
        taken = set(Product.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for product, slug in zip(products, wanted, strict=True):
            candidate, n = slug, 2
            while candidate in taken:
                candidate, n = f"{slug}-{n}", n + 1
            if n > 2:  # rare: look the numbered ones up too
                while Product.objects.filter(slug=candidate).exists() or candidate in taken:
                    candidate, n = f"{slug}-{n}", n + 1
            taken.add(candidate)
            product.slug = candidate

    # --- sizes and stock ---
    def _quantities(self, record) -> dict[str, int]:
        out = {}
        for variant in record.variants:
            if variant.size and len(variant.size) <= 20 and variant.size not in out:
                out[variant.size] = min(max(variant.quantity, 0), MAX_QUANTITY)
        return out

    def _write_sizes(self, plans, state: _State) -> set[int]:
        """Variants and the supplier warehouse's stock; returns ids of products whose stock changed."""
        new_variants, changed_variants = [], []
        wanted_stock: list[tuple[dict | int, int, int]] = []  # (new variant's row or id, product id, qty)
        for item, product, is_new, _fields in plans:
            existing = {} if is_new else state.variants.get(product.pk, {})
            quantities = self._quantities(item.record)
            seen = set()
            for position, fv in enumerate(item.record.variants):
                if fv.size in seen or fv.size not in quantities:
                    if fv.size and len(fv.size) > 20:
                        self.run.warn(item.record.model_code, f"size {fv.size[:30]!r} is too long; ignored")
                    continue
                seen.add(fv.size)
                wanted = (fv.sku[:120], fv.barcode[:64], position)
                row = existing.get(fv.size)
                if row is None:
                    variant = {"product_id": product.pk, "size": fv.size, "sku": wanted[0],
                               "barcode": wanted[1], "sort_order": position}
                    new_variants.append(variant)
                    wanted_stock.append((variant, product.pk, quantities[fv.size]))
                    continue
                if row[1:] != wanted:
                    changed_variants.append(Variant(id=row[0], sku=wanted[0], barcode=wanted[1],
                                                    sort_order=position))
                wanted_stock.append((row[0], product.pk, quantities[fv.size]))
            for size, row in existing.items():  # sizes that left the feed: nothing in stock
                if size not in seen:
                    wanted_stock.append((row[0], product.pk, 0))
        new_ids = bulk.insert(Variant, new_variants, return_ids=True)
        for variant, new_id in zip(new_variants, new_ids, strict=True):
            variant["id"] = new_id
        if changed_variants:
            bulk.update(changed_variants, ["sku", "barcode", "sort_order"])

        new_stock, changed_stock, touched = [], [], set()
        for variant, product_id, quantity in wanted_stock:
            variant_id = variant if isinstance(variant, int) else variant["id"]
            record = state.stock.get(variant_id)
            if record is None:
                new_stock.append({"variant_id": variant_id, "warehouse_id": self.warehouse.pk,
                                  "quantity": quantity})
                touched.add(product_id)
            elif record[1] != quantity:
                changed_stock.append(StockRecord(id=record[0], quantity=quantity))
                touched.add(product_id)
        bulk.insert(StockRecord, new_stock)
        bulk.update(changed_stock, ["quantity"])
        return touched

    # --- attributes ---
    def _write_attributes(self, plans, state: _State) -> dict[int, set[str]]:
        delete: set[int] = set()
        create, update = [], []
        changed: dict[int, set[str]] = {}
        for item, product, _is_new, _fields in plans:
            if "attributes" in (product.manual_fields or []):
                continue
            wanted = self.attributes.options(item.record, count_unknown=False)  # counted in _split
            rows = state.attributes.get(product.pk, [])
            have = {r["option_id"]: r for r in rows}
            for row in rows:
                if row["option__definition_id"] in self.owned_definitions and row["option_id"] not in wanted:
                    delete.add(row["id"])
            for option_id, (_definition, raw) in wanted.items():
                row = have.get(option_id)
                if row is None:
                    create.append({"product_id": product.pk, "option_id": option_id, "raw_value": raw})
                elif row["raw_value"] != raw:
                    update.append(ProductAttribute(id=row["id"], raw_value=raw))
                else:
                    continue
                changed.setdefault(product.pk, set()).add("attributes")
            if any(r["id"] in delete for r in rows):
                changed.setdefault(product.pk, set()).add("attributes")
        if delete:
            ProductAttribute.objects.filter(id__in=delete).delete()
        bulk.insert(ProductAttribute, create)
        bulk.update(update, ["raw_value"])
        return changed

    # --- photos ---
    def _photos(self, items: list[Item]) -> dict[str, int]:
        if self.images is None:
            return {}
        wanted: dict[str, str] = {}
        for item in items:
            for url in item.record.pictures:
                wanted.setdefault(url, item.record.model_code)
        return self.images.resolve(wanted)

    def _write_photos(self, plans, state: _State, photos: dict[str, int]) -> dict[int, set[str]]:
        if self.images is None:
            return {}
        drop, create, changed = [], [], {}
        for item, product, _is_new, _fields in plans:
            if "images" in (product.manual_fields or []):
                continue
            wanted = list(dict.fromkeys(photos[u] for u in item.record.pictures if u in photos))
            if not wanted or wanted == state.images.get(product.pk, []):
                continue  # no photo could be had this time: keep what the product shows
            drop.append(product.pk)
            create += [{"product_id": product.pk, "image_id": image_id, "sort_order": n,
                        "alt": product.name[:255]} for n, image_id in enumerate(wanted)]
            changed[product.pk] = {"images"}
        if drop:
            ProductImage.objects.filter(product_id__in=drop).delete()
        bulk.insert(ProductImage, create)
        return changed

    def _photos_complete(self, plans, photos: dict[str, int]) -> set[int]:
        """Products whose every photo could be had (or photos are not handled this run)."""
        if self.images is None:
            return {product.pk for _item, product, _n, _f in plans}
        return {product.pk for item, product, _n, _f in plans
                if all(url in photos for url in item.record.pictures)}

    # --- what the next run compares with ---
    def _write_feed_items(self, plans, state: _State, photos_complete: set[int]) -> None:
        create, update = [], []
        for item, product, _is_new, _fields in plans:
            key = (item.record.category_key or "").strip()[:500]
            described = digest(item.record.description)
            # A photo still missing is retried next run: no digest, so the model is not skipped.
            recorded = record_digest(item.fingerprint, product.status, product.updated_at,
                                     product.manual_fields) if product.pk in photos_complete else ""
            current = state.feed_items.get(product.pk)
            if current is None:
                create.append({"product_id": product.pk, "supplier_id": self.supplier.pk, "category_key": key,
                               "description_digest": described, "record_digest": recorded})
            elif (current.category_key, current.description_digest, current.record_digest) != (
                    key, described, recorded):
                current.category_key, current.description_digest = key, described
                current.record_digest = recorded
                update.append(current)
        bulk.insert(FeedItem, create)
        bulk.update(update, ["category_key", "description_digest", "record_digest"])


CHUNK = 1000  # ids per IN (...): SQLite caps the number of SQL parameters


def refresh_totals(product_ids) -> None:
    """shop.models.refresh_product_stock in two UPDATEs per chunk instead of one per product."""
    product_ids = list(product_ids)
    totals = (StockRecord.objects.filter(variant__product_id=OuterRef("pk")).order_by()
              .values("variant__product_id").annotate(total=Sum("quantity")).values("total"))
    for start in range(0, len(product_ids), CHUNK):
        chunk = Product.objects.filter(pk__in=product_ids[start:start + CHUNK])
        chunk.update(total_stock=Coalesce(Subquery(totals), 0))
        chunk.update(in_stock=ExpressionWrapper(Q(total_stock__gt=0), output_field=BooleanField()))

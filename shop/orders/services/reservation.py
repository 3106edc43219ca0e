"""Stock reservation shared by every way an order is placed (the web checkout, marketplace orders).

Rows are locked in one order everywhere, so that two placements never wait for each other in
a circle: the products (by pk), then their stock records (by pk). Under those locks the caller
checks what is available, takes it warehouse by warehouse and saves the records once.
"""

from __future__ import annotations

from dataclasses import dataclass

from shop.models import Product, StockRecord, Warehouse, refresh_product_stock


@dataclass
class StockLocks:
    products: dict[int, Product]
    records: list[StockRecord]
    by_variant: dict[int, list[StockRecord]]
    warehouses: dict[int, Warehouse]

    def available(self, variant_id: int) -> int:
        return sum(record.quantity for record in self.by_variant.get(variant_id, []))

    def take(self, variant_id: int, quantity: int) -> list[tuple[StockRecord, int]]:
        """Allocate `quantity` of a variant (the caller checked it is there) and subtract it."""
        taken = allocate(quantity, self.by_variant.get(variant_id, []), self.warehouses)
        for record, count in taken:
            record.quantity -= count
        return taken

    def put_back(self, variant_id: int, warehouse_id: int, quantity: int) -> StockRecord:
        """Return a quantity to the record it came from (made, in memory, if it was deleted)."""
        for record in self.by_variant.get(variant_id, []):
            if record.warehouse_id == warehouse_id:
                record.quantity += quantity
                return record
        record = StockRecord(variant_id=variant_id, warehouse_id=warehouse_id, quantity=quantity)
        self.by_variant.setdefault(variant_id, []).append(record)
        self.records.append(record)
        self.warehouses.setdefault(warehouse_id, Warehouse.objects.get(pk=warehouse_id))
        return record

    def save(self):
        """Write the changed quantities and refresh the products' stock totals."""
        StockRecord.objects.bulk_update([r for r in self.records if r.pk], ["quantity"])
        StockRecord.objects.bulk_create([r for r in self.records if not r.pk])
        refresh_product_stock(sorted(self.products))


def lock_stock(variants) -> StockLocks:
    """Lock the variants' products and stock records; call inside a transaction."""
    variants = list(variants)
    # Categories come along for coupon restrictions; only the product rows are locked.
    products = {p.pk: p for p in Product.objects.select_for_update(of=("self",)).select_related("category")
                .filter(pk__in=sorted({variant.product_id for variant in variants})).order_by("pk")}
    records = list(StockRecord.objects.select_for_update().filter(
        variant_id__in=[variant.pk for variant in variants]).order_by("pk"))
    by_variant = {}
    for record in records:
        by_variant.setdefault(record.variant_id, []).append(record)
    warehouses = Warehouse.objects.in_bulk({r.warehouse_id for r in records})
    return StockLocks(products, records, by_variant, warehouses)


def allocate(quantity, records, warehouses):
    """Split a quantity over stock records: our own warehouses first, then by priority."""
    def rank(record):
        warehouse = warehouses[record.warehouse_id]
        return (warehouse.kind != Warehouse.Kind.OWN, warehouse.priority, warehouse.pk)

    taken = []
    for record in sorted(records, key=rank):
        if quantity <= 0:
            break
        take = min(quantity, record.quantity)
        if take > 0:
            taken.append((record, take))
            quantity -= take
    if quantity > 0:  # the caller checked the total; reaching here is a bug
        raise AssertionError("allocation short of stock")
    return taken

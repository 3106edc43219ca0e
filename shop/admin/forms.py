"""The stock grid of one product: rows are sizes, columns are warehouses, cells are quantities.

The form is plain Django: it validates everything first and writes nothing
unless every cell is valid, then saves in one transaction. An empty cell means 0.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shop.models import Product, StockRecord, Variant, Warehouse, refresh_product_stock

MAX_QUANTITY = 100_000
QUANTITY_ERRORS = {
    "invalid": _("Enter a whole number of pairs."),
    "min_value": _("Stock cannot be negative."),
    "max_value": _("That is more than %(limit_value)s pairs; check the number."),
}


def warehouses_for(product):
    """The warehouses that can hold this product: our own, its supplier's, and any already holding it.

    Other suppliers' warehouses never stock it, so they would only be empty columns.
    """
    return Warehouse.objects.filter(
        Q(kind=Warehouse.Kind.OWN)
        | Q(supplier_id=product.supplier_id, supplier__isnull=False)
        | Q(stock__variant__product=product)
    ).distinct().order_by("priority", "name")


@dataclass
class GridRow:
    variant: Variant | None  # None for a blank "new size" row
    size: forms.BoundField | None
    sku: forms.BoundField
    barcode: forms.BoundField
    cells: list = field(default_factory=list)
    remove: forms.BoundField | None = None

    @property
    def errors(self):
        fields = [self.size, self.sku, self.barcode, self.remove, *self.cells]
        return [error for bound in fields if bound is not None for error in bound.errors]


class StockGridForm(forms.Form):
    def __init__(self, *args, product, new_rows=2, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.warehouses = list(warehouses_for(product))
        self.variants = list(Variant.objects.filter(product=product))
        self.records = {
            (r.variant_id, r.warehouse_id): r
            for r in StockRecord.objects.filter(variant__product=product)
        }
        self.new_rows = new_rows
        for variant in self.variants:
            self._add_row_fields(str(variant.pk), variant)
            self.fields[f"remove-{variant.pk}"] = forms.BooleanField(
                required=False, label=_("Remove size %(size)s") % {"size": variant.size}
            )
        for n in range(new_rows):
            self.fields[f"new{n}-size"] = forms.CharField(
                required=False, max_length=Variant._meta.get_field("size").max_length,
                label=_("New size"),
            )
            self._add_row_fields(f"new{n}", None)

    def _add_row_fields(self, prefix, variant):
        self.fields[f"{prefix}-sku"] = forms.CharField(
            required=False, max_length=Variant._meta.get_field("sku").max_length, label=_("SKU"),
            initial=variant.sku if variant else "",
        )
        self.fields[f"{prefix}-barcode"] = forms.CharField(
            required=False, max_length=Variant._meta.get_field("barcode").max_length,
            label=_("Barcode"), initial=variant.barcode if variant else "",
        )
        for warehouse in self.warehouses:
            record = self.records.get((variant.pk, warehouse.pk)) if variant else None
            self.fields[f"{prefix}-qty-{warehouse.pk}"] = forms.IntegerField(
                required=False, min_value=0, max_value=MAX_QUANTITY,
                error_messages=QUANTITY_ERRORS, label=str(warehouse),
                initial=record.quantity if record else (0 if variant else None),
                widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
            )

    # --- what the template walks through ---
    def rows(self):
        rows = []
        for variant in self.variants:
            rows.append(self._row(str(variant.pk), variant, remove=self[f"remove-{variant.pk}"]))
        for n in range(self.new_rows):
            rows.append(self._row(f"new{n}", None, size=self[f"new{n}-size"]))
        return rows

    def _row(self, prefix, variant, size=None, remove=None):
        return GridRow(
            variant=variant, size=size, sku=self[f"{prefix}-sku"], barcode=self[f"{prefix}-barcode"],
            cells=[self[f"{prefix}-qty-{w.pk}"] for w in self.warehouses], remove=remove,
        )

    # --- validation ---
    def clean(self):
        data = super().clean()
        sizes = {v.size.strip().casefold() for v in self.variants}
        for variant in self.variants:
            quantities = [data.get(f"{variant.pk}-qty-{w.pk}") or 0 for w in self.warehouses]
            if data.get(f"remove-{variant.pk}") and any(quantities):
                self.add_error(f"remove-{variant.pk}", _(
                    "Size %(size)s still has stock: set its quantities to 0 before removing it."
                ) % {"size": variant.size})
        for n in range(self.new_rows):
            size = (data.get(f"new{n}-size") or "").strip()
            filled = any(
                data.get(f"new{n}-{name}") for name in ("sku", "barcode")
            ) or any(data.get(f"new{n}-qty-{w.pk}") for w in self.warehouses)
            if not size:
                if filled:
                    self.add_error(f"new{n}-size", _("Enter the size of this new row."))
                continue
            if size.casefold() in sizes:
                self.add_error(f"new{n}-size", _("Size %(size)s is already listed.") % {"size": size})
            sizes.add(size.casefold())
        return data

    # --- saving ---
    def save(self):
        """Write the grid in one transaction and recount the product's stock totals.

        Raises ProtectedError (nothing saved) when a removed size is referenced elsewhere, e.g. by orders.
        """
        data = self.cleaned_data
        with transaction.atomic():
            # Serialise concurrent saves of the same product's grid.
            Product.objects.select_for_update().filter(pk=self.product.pk).exists()
            changed = 0
            for variant in self.variants:
                if data.get(f"remove-{variant.pk}"):
                    variant.delete()
                    changed += 1
                    continue
                changed += self._save_row(str(variant.pk), variant)
            next_position = max((v.sort_order for v in self.variants), default=-1) + 1
            for n in range(self.new_rows):
                size = (data.get(f"new{n}-size") or "").strip()
                if size:
                    variant = Variant.objects.create(
                        product=self.product, size=size, sort_order=next_position,
                        sku=data.get(f"new{n}-sku", ""), barcode=data.get(f"new{n}-barcode", ""),
                    )
                    next_position += 1
                    changed += 1 + self._save_row(f"new{n}", variant)
            refresh_product_stock([self.product.pk])
        return changed

    def _save_row(self, prefix, variant):
        data, changed = self.cleaned_data, 0
        sku, barcode = data.get(f"{prefix}-sku", ""), data.get(f"{prefix}-barcode", "")
        if (variant.sku, variant.barcode) != (sku, barcode):
            variant.sku, variant.barcode = sku, barcode
            variant.save(update_fields=["sku", "barcode"])
            changed += 1
        for warehouse in self.warehouses:
            quantity = data.get(f"{prefix}-qty-{warehouse.pk}") or 0
            record = self.records.get((variant.pk, warehouse.pk))
            if record is None:
                if quantity:
                    StockRecord.objects.create(variant=variant, warehouse=warehouse, quantity=quantity)
                    changed += 1
            elif record.quantity != quantity:
                record.quantity = quantity
                record.save(update_fields=["quantity"])
                changed += 1
        return changed


"""Where goods are: our own stock and each supplier's, per size."""

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from shop.events import stock_crossed_zero, stock_refreshed


class Warehouse(models.Model):
    class Kind(models.TextChoices):
        OWN = "own", _("Our own stock")
        SUPPLIER = "supplier", _("Supplier's stock")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    code = models.SlugField(max_length=80, unique=True, verbose_name=_("code"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OWN, verbose_name=_("kind"))
    supplier = models.OneToOneField(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.CASCADE,
        related_name="warehouse", verbose_name=_("supplier"),
    )
    priority = models.PositiveSmallIntegerField(
        default=100, help_text=_("Orders take stock from lower numbers first."), verbose_name=_("priority"),
    )

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["priority", "name"]

    def __str__(self):
        return self.name


class StockRecord(models.Model):
    variant = models.ForeignKey("shop.Variant", on_delete=models.CASCADE, related_name="stock",
        verbose_name=_("variant"))
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock",
        verbose_name=_("warehouse"))
    quantity = models.PositiveIntegerField(default=0, verbose_name=_("quantity"))

    class Meta:
        verbose_name = _("stock record")
        verbose_name_plural = _("stock records")
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="unique_stock_record")
        ]

    def __str__(self):
        return f"{self.variant} @ {self.warehouse}: {self.quantity}"



def refresh_product_stock(product_ids):
    """Recompute the denormalised stock totals of the given products."""
    from shop.models import Product

    product_ids = list(product_ids)
    totals = dict(
        StockRecord.objects.filter(variant__product_id__in=product_ids)
        .values_list("variant__product_id").annotate(total=Sum("quantity"))
    )
    flipped, changed = [], []
    for product in Product.objects.filter(pk__in=product_ids).only("pk", "total_stock", "in_stock"):
        total = totals.get(product.pk) or 0
        if product.in_stock != (total > 0):
            flipped.append(product.pk)
        if (product.total_stock, product.in_stock) != (total, total > 0):
            product.total_stock, product.in_stock = total, total > 0
            changed.append(product)
    # Only the products whose totals moved, in one UPDATE (not one per product); bulk_update
    # sends no save signals, as the per-row .update() it replaces did not.
    Product.objects.bulk_update(changed, ["total_stock", "in_stock"], batch_size=500)
    if flipped:
        stock_crossed_zero.send(sender=Product, product_ids=flipped)
    if product_ids:
        stock_refreshed.send(sender=Product, product_ids=product_ids)

"""Suppliers: who feeds the catalog, at what markup. Each supplier is also a warehouse."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shop.pricing import Rounding


class Supplier(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    contact_email = models.EmailField(blank=True)
    default_markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("30"),
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("1000"))],
        help_text="Markup applied when neither the product nor its category sets one.",
    )
    price_rounding = models.CharField(
        max_length=8, choices=Rounding.CHOICES, blank=True,
        help_text="Leave empty to use the shop-wide rounding rule.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.ensure_warehouse()

    def ensure_warehouse(self):
        from shop.models import Warehouse

        Warehouse.objects.update_or_create(
            supplier=self,
            defaults={"name": self.name, "code": f"supplier-{self.slug}",
                      "kind": Warehouse.Kind.SUPPLIER},
        )

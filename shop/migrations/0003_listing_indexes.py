# Partial indexes for listings over visible products (see shop/listing.py and docs/benchmarks.md).

from django.db import migrations, models

VISIBLE = models.Q(("live", True), models.Q(("status", "hidden"), _negated=True))


class Migration(migrations.Migration):

    dependencies = [
        ("shop", "0002_default_attributes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                condition=VISIBLE,
                fields=["category", "in_stock", "created_at", "id", "current_price"],
                name="product_listing_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                condition=VISIBLE, fields=["in_stock", "created_at"], name="product_newest_idx"
            ),
        ),
    ]

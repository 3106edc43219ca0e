"""The supplier's original: the first revision of a product the sync creates.

It holds the product's own fields as the feed filled them (name, description, brand, category...),
so the editor's history starts with the supplier's text and "revert to the supplier's original"
is Wagtail's revert of that revision. It holds no photos, sizes or attributes: reverting to it
keeps those as they are (modelcluster leaves child relations absent from a revision alone), and
price and stock always follow the feed (Product.with_content_json).
"""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from modelcluster.models import get_serializable_data_for_fields
from wagtail.models import Revision

from shop.models import Product

from . import bulk


def content(product: Product) -> dict:
    # Plain JSON values: the bulk insert does not know Wagtail's encoder for Decimals and dates.
    return json.loads(json.dumps(get_serializable_data_for_fields(product), cls=DjangoJSONEncoder))


def record(products: list[Product], now) -> None:
    """One revision per product, made its latest and live revision; in the caller's transaction."""
    if not products:
        return
    kind = ContentType.objects.get_for_model(Product)
    rows = [{"content_type_id": kind.pk, "base_content_type_id": kind.pk, "object_id": str(p.pk),
             "created_at": now, "user_id": None, "object_str": str(p)[:255], "content": content(p),
             "approved_go_live_at": None} for p in products]
    for product, revision_id in zip(products, bulk.insert(Revision, rows, return_ids=True), strict=True):
        product.latest_revision_id = product.live_revision_id = revision_id
    bulk.update(products, ["latest_revision", "live_revision"])

"""GET /api/search: the search as JSON, for the header's instant search and other clients.

Same search, filters and facets as the results page (search.pages); facet
filters are the listing's query parameters (colour=black&size=38&in_stock=1,
price_min, price_max, sort) and unknown ones are ignored.
"""

from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router, Schema
from wagtail.images.models import Image, Rendition

from search import ratelimit
from search.pages import search_results
from shop.models import Product, ProductImage
from shop.templatetags.shop_tags import price as format_price

router = Router(tags=["search"])
THUMBNAIL = "fill-400x400|format-webp"


class HitOut(Schema):
    id: int
    name: str
    url: str
    price: Decimal
    price_display: str
    old_price: Decimal | None = None
    old_price_display: str | None = None
    image: str | None = None
    in_stock: bool
    buyable: bool


class FacetValueOut(Schema):
    slug: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    slug: str
    label: str
    values: list[FacetValueOut]


class CategoryOut(Schema):
    id: int
    label: str
    count: int
    selected: bool
    url: str


class CorrectionOut(Schema):
    kind: str  # "layout" or "translit"
    text: str  # what the results are for
    original: str  # what was typed


class SearchOut(Schema):
    query: str
    normalised: str
    correction: CorrectionOut | None = None
    total: int
    page: int
    num_pages: int
    hits: list[HitOut]
    facets: list[FacetOut]
    categories: list[CategoryOut]
    search_url: str  # the full results page for this query


class TooManyOut(Schema):
    detail: str
    retry_after: int


@router.get("", response={200: SearchOut, 429: TooManyOut}, summary="Search the catalog")
def search(request, q: str = "", page: int = Query(1, ge=1, le=10_000),
           page_size: int = Query(24, ge=1, le=48), lang: str = "uk", category: str | None = None):
    """Products matching `q` (typos, wrong keyboard layout and transliteration forgiven), best
    first, with the listing's facets and the categories the hits fall into. `category`: a
    category id to search in; filters as on the results page (colour=black, size=38...)."""
    wait = ratelimit.retry_after(request)
    if wait:
        response = JsonResponse({"detail": "Too many searches", "retry_after": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    with translation.override("en" if lang == "en" else "uk"):
        results = search_results(request, page_size=page_size)
        return _out(results)


def _out(results):
    search_url = reverse("search:results")
    listing = results.listing
    correction = results.outcome.correction
    base = {"query": results.query, "normalised": results.outcome.typed.normalised,
            "correction": correction and {"kind": correction.kind, "text": correction.text,
                                          "original": correction.original},
            "search_url": f"{search_url}?q={_quote(results.query)}" if results.query else search_url}
    if listing is None:
        return {**base, "total": 0, "page": 1, "num_pages": 1, "hits": [], "facets": [], "categories": []}
    return {
        **base,
        "total": listing.total, "page": listing.page_number, "num_pages": listing.num_pages,
        "hits": [_hit(p) for p in _hit_products(listing.page_ids)],
        "facets": [{"slug": f.slug, "label": str(f.label), "values": [v.__dict__ for v in f.values]}
                   for f in listing.facets if f.values],
        "categories": [{**c.__dict__, "url": f"{search_url}?q={_quote(results.query)}&category={c.id}"}
                       for c in results.categories],
    }


def _hit_products(ids):
    """The page's products with only what a hit shows, each with `thumbnail` (a URL or None):
    one query, and two more for the thumbnails when some of them have photos."""
    first_photo = (ProductImage.objects.filter(product=OuterRef("pk")).order_by("sort_order", "pk")
                   .values("image_id")[:1])
    products = (Product.objects.filter(pk__in=ids)
                .only("id", "name", "name_en", "slug", "status", "in_stock", "price", "sale_price",
                      "compare_at_price", "current_price")
                .annotate(photo_id=Subquery(first_photo)))
    by_id = {p.pk: p for p in products}
    thumbnails = _thumbnails({p.photo_id for p in by_id.values() if p.photo_id})
    for product in by_id.values():
        product.thumbnail = thumbnails.get(product.photo_id)
    return [by_id[pk] for pk in ids if pk in by_id]


def _thumbnails(image_ids) -> dict:
    """Image id -> the URL of its thumbnail (made now if it does not exist yet)."""
    if not image_ids:
        return {}
    images = Image.objects.filter(pk__in=image_ids).prefetch_related(
        Prefetch("renditions", queryset=Rendition.objects.filter(filter_spec=THUMBNAIL)))
    return {image.pk: image.get_rendition(THUMBNAIL).url for image in images}


def _hit(product):
    old_price = product.old_price
    return {
        "id": product.pk, "name": product.title, "url": product.get_absolute_url(),
        "price": product.current_price, "price_display": format_price(product.current_price),
        "old_price": old_price, "old_price_display": format_price(old_price) if old_price else None,
        "image": product.thumbnail, "in_stock": product.in_stock, "buyable": product.buyable,
    }


def _quote(text):
    from urllib.parse import quote

    return quote(text, safe="")

"""The product page. Its template also renders the admin's draft previews."""


from django.db.models import Prefetch, Sum
from django.http import Http404
from django.shortcuts import render
from django.utils.html import strip_tags

from core.jsonscript import script_json
from core.localization import localized_pages
from shop.events import product_viewed
from shop.models import Product, ProductImage, Variant


def product_detail(request, slug):
    product = (
        Product.objects.visible().select_related("category", "supplier")
        .prefetch_related(Prefetch("images", ProductImage.objects.select_related("image")))
        .filter(slug=slug).first()
    )
    if product is None:
        raise Http404("No such product")
    product_viewed.send(sender=Product, request=request, product=product)
    return render(request, "shop/product_detail.html", product_context(request, product))


def product_context(request, product):
    """Everything the product page shows; used for live pages and draft previews alike."""
    if getattr(request, "is_preview", False):
        # A draft's prices are only worked out on save: show the editor what shoppers would pay.
        product.refresh_price()
    images = [pi.image for pi in product.images.all() if pi.image_id]
    # .all() also serves a preview's unsaved, in-memory attributes.
    attributes = sorted(
        (a for a in product.attributes.all().select_related("option__definition") if a.option_id),
        key=lambda a: (a.option.definition.sort_order, a.option.definition.name),
    )
    sizes = list(
        Variant.objects.filter(product_id=product.pk).annotate(available=Sum("stock__quantity"))
    )
    breadcrumbs = localized_pages(  # titles and URLs only
        [*product.category.get_ancestors().live()[1:], product.category]) if product.category else []
    return {
        "product": product,
        "images": images,
        "attributes": attributes,
        "sizes": sizes,
        "breadcrumbs": breadcrumbs,
        "page_title": product.meta_title,
        "json_ld": script_json(product_json_ld(request, product, images, sizes, breadcrumbs)),
    }


def product_json_ld(request, product, images, sizes, breadcrumbs):
    # An unsaved draft in the admin preview has no slug (so no URL) yet.
    url = request.build_absolute_uri(product.get_absolute_url() if product.slug else request.path)
    in_stock = product.buyable and any((s.available or 0) > 0 for s in sizes)
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Product",
                "name": product.title,
                "url": url,
                "sku": product.supplier_sku or str(product.pk),
                "description": strip_tags(product.body)[:500],
                "image": [request.build_absolute_uri(img.file.url) for img in images[:5]],
                "offers": {
                    "@type": "Offer",
                    "url": url,
                    "priceCurrency": "UAH",
                    "price": str(product.current_price),
                    "availability": "https://schema.org/" + ("InStock" if in_stock else "OutOfStock"),
                },
            },
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": page.title,
                     "item": request.build_absolute_uri(page.url)}
                    for i, page in enumerate(breadcrumbs, start=1)
                ] + [{"@type": "ListItem", "position": len(breadcrumbs) + 1,
                      "name": product.title, "item": url}],
            },
        ],
    }
    if product.brand:
        data["@graph"][0]["brand"] = {"@type": "Brand", "name": product.brand}
    return data

"""The "tell me when it's back" form of the product page."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.models import Product, StockRecord, Variant

from ..forms import BackInStockForm
from ..restock import subscribe


def _stock(product, variant):
    records = StockRecord.objects.filter(variant__product=product)
    if variant is not None:
        records = records.filter(variant=variant)
    return records.filter(quantity__gt=0).exists()


@require_POST
def back_in_stock(request):
    form = BackInStockForm(request.POST)
    product = variant = None
    if form.is_valid():
        product = Product.objects.visible().filter(pk=form.cleaned_data["product"]).first()
        if product is None or product.status != Product.Status.ACTIVE:
            form.add_error(None, _("This product cannot be ordered, so there is nothing to wait for."))
        elif form.cleaned_data.get("variant"):
            variant = Variant.objects.filter(product=product, pk=form.cleaned_data["variant"]).first()
            if variant is None:
                form.add_error("variant", _("Choose one of this product's sizes."))
        if not form.errors and _stock(product, variant):
            form.add_error(None, _("Good news: it is in stock right now."))
    if form.errors:
        return render(request, "customers/back_in_stock.html", {"form": form, "product": product},
                      status=400)
    subscription, created = subscribe(
        email=form.cleaned_data["email"], product=product, variant=variant,
        user=request.user if request.user.is_authenticated else None, language=get_language() or "uk")
    return render(request, "customers/back_in_stock.html", {
        "subscription": subscription, "created": created, "product": product, "variant": variant})

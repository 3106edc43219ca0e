"""The search results page. A plain database lookup until the search issue brings backends."""

from django.db.models import Q
from django.shortcuts import render

from shop.models import Product

MAX_QUERY = 200


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    products = []
    if len(query) >= 2:
        words = query.split()[:8]
        matches = Product.objects.visible()
        for word in words:
            matches = matches.filter(
                Q(name__icontains=word) | Q(name_en__icontains=word)
                | Q(category__title__icontains=word) | Q(brand__icontains=word)
            )
        products = list(matches.order_by("-in_stock", "-created_at").with_tile_data()[:48])
    return render(request, "search/results.html", {"query": query, "products": products})

"""JSON lookups in the stored Nova Poshta directory for the checkout's branch picker script."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fulfilment.checkout import branch_groups, candidate_cities
from fulfilment.novaposhta.directory import find_cities


@require_GET
@cache_control(max_age=3600, public=True)
def np_cities(request):
    cities = find_cities(request.GET.get("q", "")[:100], limit=15)
    return JsonResponse({"cities": [{"name": city.name, "area": city.area, "label": str(city)}
                                    for city in cities]})


@require_GET
@cache_control(max_age=3600, public=True)
def np_branches(request):
    groups = branch_groups(candidate_cities(request.GET.get("city", "")[:100]))
    return JsonResponse({"groups": [{"city": str(city), "branches": [branch.label for branch in branches]}
                                    for city, branches in groups]})

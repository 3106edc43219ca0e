"""The search results page: the category listing's facets, filters, sort and pagination over the
search's hits, a correction notice, and a friendly page when nothing is found."""

from django.shortcuts import render

from search import analytics, ratelimit
from search.pages import is_new_search, search_results
from shop.events import searched


def search(request):
    wait = ratelimit.retry_after(request)
    if wait:
        response = render(request, "search/too_many.html", {"retry_after": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    results = search_results(request)
    if results.outcome.searched and is_new_search(request):
        analytics.record(results.outcome.typed.normalised, results.total)
        searched.send(sender=None, request=request, query=results.outcome.typed.normalised,
                      results=results.total)
    return render(request, "search/results.html", {
        "results": results, "listing": results.listing, "query": results.query,
        "correction": results.outcome.correction,
        "popular": analytics.popular_queries() if results.outcome.searched and not results.total else [],
    })

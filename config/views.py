"""Site-wide views: friendly error pages and robots.txt."""

from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


def server_error(request):
    # No request context: whatever broke may break again while rendering it.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/",
             "Disallow: /search/", "Disallow: /en/search/",
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

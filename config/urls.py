from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from config.views import robots_txt
from shop.sitemaps import SITEMAPS

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("delivery/", include("fulfilment.urls")),
    path("payments/callback/", include("payments.callback_urls")),
    path("suppliers/", include("suppliers.urls")),
    path("", include("channels.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Ukrainian lives at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("payments/", include("payments.urls")),
    path("", include("shop.orders.urls")),
    path("", include("shop.customers.urls")),
    path("", include("shop.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

"""sitemap.xml: pages of every language, and every visible product in both languages."""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page

from shop.models import Product


class AllLocalesPageSitemap(PageSitemap):
    """Wagtail's page sitemap, walking the home page of every locale, not just the default."""

    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Q()
        for home in Page.objects.filter(translation_key=root.translation_key):
            homes |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(homes).live().public().order_by("path")
            .defer_streamfields().specific()
        )


class ProductSitemap(DjangoSitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def items(self):
        return Product.objects.visible().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"pages": AllLocalesPageSitemap, "products": ProductSitemap}

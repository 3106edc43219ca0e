"""The category tree: a CatalogPage with nested CategoryPages that editors order and translate."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from shop.events import listing_viewed


class ListingPageMixin:
    """Pages that render a product listing with facets (the catalog and its categories)."""

    template = "shop/category_page.html"

    def catalog_root(self):
        """The default-language page whose subtree decides which products are listed."""
        default = Locale.get_default()
        if self.locale_id == default.id:
            return self
        return self.get_translation_or_none(default) or self

    def route(self, request, path_components):
        """Find a category any number of levels down in one query.

        Wagtail walks the path a level at a time, two queries per level; a
        category's url_path names its whole path, so one lookup finds it.
        Anything else (no such category) goes Wagtail's way, 404 included.
        """
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            found = CategoryPage.objects.descendant_of(self).filter(url_path=url_path).first()
            if found is not None:
                return found.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from shop.listing import ProductListing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = ProductListing(request, root=self.catalog_root())
        listing_viewed.send(sender=type(self), request=request,
                            category=self if isinstance(self, CategoryPage) else None)
        return context


class CatalogPage(ListingPageMixin, Page):
    """The root of the category tree: lists every product, links the top categories."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["shop.CategoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name_plural = _("catalog pages")
        verbose_name = _("catalog")

    def effective_markup(self):
        return None


class CategoryPage(ListingPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"], verbose_name=_("intro"))
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("image")
    )
    markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("Markup for this category's products; empty inherits the parent's."),
        verbose_name=_("markup percent"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("markup_percent"),
    ]
    parent_page_types = ["shop.CatalogPage", "shop.CategoryPage"]
    subpage_types = ["shop.CategoryPage"]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def effective_markup(self):
        """This category's markup, else the nearest ancestor category's."""
        if self.markup_percent is not None:
            return self.markup_percent
        ancestor = (
            CategoryPage.objects.ancestor_of(self).filter(markup_percent__isnull=False)
            .order_by("-depth").values_list("markup_percent", flat=True).first()
        )
        return ancestor

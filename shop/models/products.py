"""Products: Wagtail snippets with drafts, revisions, preview and locking."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from shop.forms import ProductForm
from shop.i18n import localized
from shop.pricing import crossed_out_price, product_retail_price

MONEY = {"max_digits": 12, "decimal_places": 2}
# Renditions product tiles use; prefetched with the tiles so images cost no extra queries.
TILE_RENDITIONS = ("fill-400x400|format-webp", "fill-800x800|format-webp")
DESCRIPTION_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]

# Fields that follow the supplier's feed on a synced product, whatever a draft says.
FEED_FIELDS = (
    "supplier_price", "price", "current_price", "total_stock", "in_stock", "sync_id",
    "supplier", "supplier_sku", "supplier_url",
)


# What ProductQuerySet.visible() selects, for the partial indexes that serve it.
VISIBLE = models.Q(live=True) & ~models.Q(status="hidden")


def closed_category_ids() -> frozenset[int]:
    """Categories an editor took off the shop: unpublished, or under an unpublished category
    or catalog. Their goods are hidden everywhere, like hidden products. Kept in the cache for
    one catalog version, which publishing, unpublishing and moving pages change."""
    from django.core.cache import cache
    from wagtail.models import Page

    from shop.facets import catalog_version
    from shop.models.catalog import CatalogPage, CategoryPage

    key = f"shop:closed-categories:{catalog_version()}"
    closed = cache.get(key)
    if closed is None:
        shut = list(Page.objects.type(CatalogPage, CategoryPage).filter(live=False)
                    .values_list("path", flat=True))
        closed = frozenset(
            pk for pk, path in CategoryPage.objects.values_list("pk", "path")
            if any(path.startswith(prefix) for prefix in shut)) if shut else frozenset()
        cache.set(key, closed, 3600)
    return closed


class ProductQuerySet(models.QuerySet):
    def visible(self):
        """What shoppers may see: published, not hidden, and not in a closed category."""
        products = self.filter(live=True).exclude(status=Product.Status.HIDDEN)
        closed = closed_category_ids()
        return products.exclude(category_id__in=closed) if closed else products

    def with_tile_data(self):
        """Everything a product tile needs (photos with renditions, tile attributes),
        in a fixed number of queries whatever the number of products."""
        from wagtail.images.models import Rendition

        from shop.models.attributes import ProductAttribute

        renditions = Rendition.objects.filter(filter_spec__in=TILE_RENDITIONS)
        return self.select_related("category").prefetch_related(
            models.Prefetch(
                "images",
                queryset=ProductImage.objects.select_related("image").prefetch_related(
                    models.Prefetch("image__renditions", queryset=renditions)
                ),
            ),
            models.Prefetch(
                "attributes",
                queryset=ProductAttribute.objects.filter(option__definition__show_on_tile=True)
                .select_related("option__definition"),
                to_attr="tile_attributes",
            ),
        )


# Saving a draft revision or taking a lock writes only these columns: nothing a shopper sees
# changes, so listings and the search index need not hear of it.
BOOKKEEPING_FIELDS = frozenset({
    "latest_revision", "has_unpublished_changes", "locked", "locked_by", "locked_at"})


def only_bookkeeping(update_fields) -> bool:
    """Whether a save wrote nothing but revision or lock bookkeeping (post_save's update_fields)."""
    return bool(update_fields) and set(update_fields) <= BOOKKEEPING_FIELDS


class Product(
    PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, ClusterableModel
):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active: listed and buyable")
        HIDDEN = "hidden", _("Hidden: not shown to shoppers")
        DISABLED = "disabled", _("Disabled: listed, not buyable")

    name = models.CharField(max_length=255, verbose_name=_("name"))
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("name (English)"))
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=False, verbose_name=_("slug"))
    description = RichTextField(blank=True, features=DESCRIPTION_FEATURES, verbose_name=_("description"))
    description_en = RichTextField(blank=True, features=DESCRIPTION_FEATURES,
        verbose_name=_("description (English)"))
    seo_title = models.CharField(max_length=70, blank=True, verbose_name=_("SEO title"))
    seo_title_en = models.CharField(max_length=70, blank=True, verbose_name=_("SEO title (English)"))
    meta_description = models.CharField(max_length=170, blank=True, verbose_name=_("meta description"))
    meta_description_en = models.CharField(max_length=170, blank=True,
        verbose_name=_("meta description (English)"))
    brand = models.CharField(max_length=120, blank=True, verbose_name=_("brand"))
    category = models.ForeignKey(
        "shop.CategoryPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="products", verbose_name=_("category"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE,
        verbose_name=_("status"))

    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT,
        related_name="products", verbose_name=_("supplier"),
    )
    supplier_sku = models.CharField(max_length=120, blank=True, verbose_name=_("supplier SKU"))
    supplier_url = models.URLField(max_length=500, blank=True, verbose_name=_("supplier URL"))
    sync_id = models.CharField(
        max_length=200, null=True, blank=True, unique=True,
        help_text=_("supplier slug + model code; how a sync finds this product again."),
        verbose_name=_("sync ID"),
    )

    supplier_price = models.DecimalField(**MONEY, null=True, blank=True, verbose_name=_("supplier price"))
    markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("Empty: the category's markup, else the supplier's default."),
        verbose_name=_("markup percent"),
    )
    price = models.DecimalField(
        **MONEY, default=Decimal("0"),
        help_text=_("Retail price; recalculated from the supplier price and markup on save."),
        verbose_name=_("price"),
    )
    sale_price = models.DecimalField(**MONEY, null=True, blank=True, verbose_name=_("sale price"))
    compare_at_price = models.DecimalField(
        **MONEY, null=True, blank=True, help_text=_("Crossed-out 'old' price."),
        verbose_name=_("compare at price")
    )
    # Denormalised so listings sort and filter on plain columns.
    current_price = models.DecimalField(**MONEY, default=Decimal("0"), db_index=True, editable=False,
        verbose_name=_("current price"))
    total_stock = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("total stock"))
    in_stock = models.BooleanField(default=False, editable=False, verbose_name=_("in stock"))

    manual_fields = models.JSONField(default=list, blank=True, editable=False,
        verbose_name=_("manual fields"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = ProductQuerySet.as_manager()
    base_form_class = ProductForm

    content_panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("brand")]),
        PageChooserPanel("category", page_type="shop.CategoryPage"),
        FieldPanel("description"),
        InlinePanel("images", label=_("Photos")),
        InlinePanel("attributes", label=_("Attributes")),
    ]
    pricing_panels = [
        FieldRowPanel([FieldPanel("supplier_price"), FieldPanel("markup_percent")]),
        FieldPanel("price", read_only=True),
        FieldRowPanel([FieldPanel("sale_price"), FieldPanel("compare_at_price")]),
        MultiFieldPanel(
            [FieldPanel("supplier"), FieldPanel("supplier_sku"), FieldPanel("supplier_url"),
             FieldPanel("sync_id", read_only=True)],
            heading=_("Supplier binding"),
        ),
    ]
    english_panels = [FieldPanel("name_en"), FieldPanel("description_en"),
                      FieldPanel("seo_title_en"), FieldPanel("meta_description_en")]
    seo_panels = [FieldPanel("seo_title"), FieldPanel("meta_description")]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Product")),
        ObjectList(pricing_panels, heading=_("Price & supplier")),
        ObjectList(english_panels, heading=_("English")),
        ObjectList(seo_panels, heading=_("SEO")),
    ])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["status", "live", "category"]),
            models.Index(fields=["supplier", "supplier_sku"]),
            # Listings read only these columns of the visible products of a category:
            # the index answers them without visiting the table (see shop/listing.py).
            models.Index(fields=["category", "in_stock", "created_at", "id", "current_price"],
                         condition=VISIBLE, name="product_listing_idx"),
            # "Newest first" over the whole catalog: homepage sections, search results.
            models.Index(fields=["in_stock", "created_at"], condition=VISIBLE, name="product_newest_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_product_slug(self.name_en or self.name)
        self.refresh_price()
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        """Build the object a revision describes, keeping what the feed owns.

        A draft written last week must not bring back last week's price or stock
        when it is published: on a synced product those follow the feed only.
        """
        obj = super().with_content_json(content)
        if self.sync_id:
            for name in FEED_FIELDS:
                setattr(obj, name, getattr(self, name))
            obj.manual_fields = sorted(set(self.manual_fields or []) | set(obj.manual_fields or []))
        return obj

    def refresh_price(self):
        if self.supplier_price is not None:
            self.price = product_retail_price(self)
        self.current_price = self.sale_price if self.sale_price else self.price

    # --- what shoppers see ---
    @property
    def title(self):
        return localized(self, "name")

    @property
    def body(self):
        return localized(self, "description")

    @property
    def meta_title(self):
        return localized(self, "seo_title") or self.title

    @property
    def meta_text(self):
        return localized(self, "meta_description")

    @property
    def old_price(self):
        """The crossed-out price, only when it is really higher than what the shopper pays."""
        return crossed_out_price(self.price, self.sale_price, self.compare_at_price, self.current_price)

    @property
    def buyable(self):
        return self.status == self.Status.ACTIVE and self.in_stock

    @property
    def first_image(self):
        images = list(self.images.all())
        return images[0].image if images else None

    def get_absolute_url(self):
        if not self.slug:  # an unsaved draft being previewed before it has a slug
            return reverse("shop:product", kwargs={"slug": "draft"})
        return reverse("shop:product", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "shop/product_detail.html"

    def get_preview_context(self, request, mode_name):
        from shop.views.product import product_context

        return product_context(request, self)


def unique_product_slug(text: str) -> str:
    base = slugify(transliterate(text))[:200] or "product"
    slug, n = base, 2
    while Product.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# The national (2010) romanisation for slugs; good enough for URLs.
_UK_LATIN = dict(zip(
    "абвгґдезийіклмнопрстуфхцчшщьюяєїжэыёъ",
    ["a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "ie", "i", "zh",
     "e", "y", "e", ""], strict=True,
))


def transliterate(text: str) -> str:
    return "".join(_UK_LATIN.get(ch, ch) for ch in (text or "").lower())


class ProductImage(Orderable):
    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="images",
        verbose_name=_("product"))
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("image"))
    alt = models.CharField(max_length=255, blank=True, verbose_name=_("alt"))

    panels = [FieldPanel("image"), FieldPanel("alt")]

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")


class Variant(models.Model):
    """A size of a product. Stock per warehouse lives in StockRecord."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants",
        verbose_name=_("product"))
    size = models.CharField(max_length=20, verbose_name=_("size"))
    sku = models.CharField(max_length=120, blank=True, db_index=True, verbose_name=_("SKU"))
    barcode = models.CharField(max_length=64, blank=True, verbose_name=_("barcode"))
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("sort order"))

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["sort_order", "size"]
        constraints = [
            models.UniqueConstraint(fields=["product", "size"], name="unique_variant_size")
        ]
        indexes = [models.Index(fields=["size", "product"])]

    def __str__(self):
        return f"{self.product} — {self.size}"

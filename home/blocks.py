"""Homepage sections: blocks an editor orders, hides and schedules."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from core.links import validate_link
from core.sanitize import clean_editor_html


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(required=False, validators=[validate_link], help_text=_(
        "Used when no page is chosen: a web address, a path such as /catalog/, mailto: or tel:."))
    text = blocks.CharBlock(required=False)

    class Meta:
        icon = "link"


class SectionBlock(blocks.StructBlock):
    """Every section can be hidden without deleting it."""

    hidden = blocks.BooleanBlock(required=False, help_text=_("Keep the section but do not show it."))


class HeroSlide(blocks.StructBlock):
    image = ImageChooserBlock()
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    link = LinkBlock(required=False)
    starts_at = blocks.DateTimeBlock(required=False)
    ends_at = blocks.DateTimeBlock(required=False)


class HeroSliderBlock(SectionBlock):
    slides = blocks.ListBlock(HeroSlide())

    class Meta:
        icon = "image"
        template = "home/blocks/hero_slider.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        now = timezone.now()
        context["slides"] = [
            s for s in value["slides"]
            if (not s["starts_at"] or s["starts_at"] <= now) and (not s["ends_at"] or now < s["ends_at"])
        ]
        return context


class BannerBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    title = blocks.CharBlock(required=False)
    link = LinkBlock(required=False)


class BannerGroupBlock(SectionBlock):
    heading = blocks.CharBlock(required=False)
    banners = blocks.ListBlock(BannerBlock())

    class Meta:
        icon = "image"
        template = "home/blocks/banner_group.html"


class ProductSectionBlock(SectionBlock):
    SOURCES = [
        ("picked", _("Hand-picked")),
        ("category", _("From a category")),
        ("option", _("With an attribute option")),
        ("newest", _("Newest")),
        ("sale", _("On sale")),
    ]
    heading = blocks.CharBlock()
    source = blocks.ChoiceBlock(choices=SOURCES, default="newest")
    # Starts with no rows: an empty required row would block publishing a section that does not
    # pick its products by hand; clean() asks for products only when the source is "picked".
    products = blocks.ListBlock(SnippetChooserBlock("shop.Product"), default=[], required=False)
    category = blocks.PageChooserBlock(page_type="shop.CategoryPage", required=False)
    option = SnippetChooserBlock("shop.AttributeOption", required=False)
    limit = blocks.IntegerBlock(default=8, min_value=1, max_value=48)
    link = LinkBlock(required=False)

    class Meta:
        icon = "list-ul"
        template = "home/blocks/product_section.html"

    NEEDS = {"picked": ("products", _("Pick at least one product, or choose another source.")),
             "category": ("category", _("Choose the category, or another source.")),
             "option": ("option", _("Choose the attribute option, or another source."))}

    def clean(self, value):
        value = super().clean(value)
        field, message = self.NEEDS.get(value["source"], (None, None))
        if field and not value[field]:
            raise blocks.StructBlockValidationError(block_errors={field: ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        from home.sections import section_products

        context = super().get_context(value, parent_context)
        context["products"] = section_products(value)
        return context


class CategoryTilesBlock(SectionBlock):
    heading = blocks.CharBlock(required=False)
    categories = blocks.ListBlock(blocks.PageChooserBlock(page_type="shop.CategoryPage"))

    class Meta:
        icon = "folder-open-inverse"
        template = "home/blocks/category_tiles.html"


class RichTextSectionBlock(SectionBlock):
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "doc-full"
        template = "home/blocks/rich_text.html"


class SanitizedHTMLBlock(blocks.RawHTMLBlock):
    """Raw HTML for embeds and promos, cleaned with the editor policy on every save."""

    def clean(self, value):
        return super().clean(clean_editor_html(value))

    def get_prep_value(self, value):
        return clean_editor_html(str(value or ""))


class HTMLSectionBlock(SectionBlock):
    html = SanitizedHTMLBlock()

    class Meta:
        icon = "code"
        template = "home/blocks/html.html"


class PopularSearchesBlock(SectionBlock):
    heading = blocks.CharBlock(default=_("Popular searches"))
    queries = blocks.ListBlock(blocks.CharBlock(), default=[], required=False, help_text=_(
        "Shown as links to the search page. Queries marked popular in search analytics "
        "are added after these."
    ))

    class Meta:
        icon = "search"
        template = "home/blocks/popular_searches.html"


class HomeSections(blocks.StreamBlock):
    hero = HeroSliderBlock()
    banners = BannerGroupBlock()
    products = ProductSectionBlock()
    categories = CategoryTilesBlock()
    text = RichTextSectionBlock()
    html = HTMLSectionBlock()
    popular_searches = PopularSearchesBlock()


class InfoBlocks(blocks.StreamBlock):
    """The body of an information page (delivery, returns, contacts)."""

    heading = blocks.CharBlock(form_classname="title", template="home/blocks/heading.html")
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"])
    image = ImageChooserBlock(template="home/blocks/image.html")
    html = SanitizedHTMLBlock()

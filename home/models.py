"""Content pages: the composed homepage, information pages and site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from home.blocks import HomeSections, InfoBlocks, LinkBlock


class SeoMixin(models.Model):
    """noindex and sitemap opt-out for pages an editor may not want in search engines."""

    noindex = models.BooleanField(default=False, help_text=_("Ask search engines not to index."))
    exclude_from_sitemap = models.BooleanField(default=False)

    seo_panels = [FieldPanel("noindex"), FieldPanel("exclude_from_sitemap")]

    class Meta:
        abstract = True

    def get_sitemap_urls(self, request=None):
        if self.exclude_from_sitemap or self.noindex:
            return []
        return super().get_sitemap_urls(request)


class HomePage(SeoMixin, Page):
    body = StreamField(HomeSections(), blank=True, use_json_field=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels
    max_count_per_parent = 1

    class Meta:
        verbose_name_plural = _("home pages")
        verbose_name = _("homepage")


class StandardPage(SeoMixin, Page):
    """Delivery, returns, contacts: anything that is text and pictures."""

    body = StreamField(InfoBlocks(), blank=True, use_json_field=True, verbose_name=_("body"))
    show_in_footer = models.BooleanField(default=False, verbose_name=_("show in footer"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    promote_panels = Page.promote_panels + SeoMixin.seo_panels + [FieldPanel("show_in_footer")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name_plural = _("standard pages")
        verbose_name = _("information page")


class SocialLink(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=[
        ("instagram", "Instagram"), ("facebook", "Facebook"), ("tiktok", "TikTok"),
        ("telegram", "Telegram"), ("youtube", "YouTube"), ("viber", "Viber"),
    ])
    url = blocks.URLBlock()


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Header and footer navigation, contacts, social links and default SEO."""

    header_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True,
                               help_text=_("Pages marked 'show in menus' are added after these."),
                               verbose_name=_("header links"))
    footer_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True,
                               help_text=_("Information pages marked 'show in footer' follow."),
                               verbose_name=_("footer links"))
    phone = models.CharField(max_length=32, blank=True, verbose_name=_("phone"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    address = models.CharField(max_length=255, blank=True, verbose_name=_("address"))
    opening_hours = models.CharField(max_length=120, blank=True, verbose_name=_("opening hours"))
    social_links = StreamField([("social", SocialLink())], blank=True, use_json_field=True,
        verbose_name=_("social links"))
    default_seo_title = models.CharField(max_length=70, blank=True,
                                         help_text=_("Appended to every page title."),
                                         verbose_name=_("default SEO title"))
    default_meta_description = models.CharField(max_length=170, blank=True,
        verbose_name=_("default meta description"))
    default_share_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("default share image")
    )

    edit_handler = TabbedInterface([
        ObjectList([FieldPanel("header_links"), FieldPanel("footer_links")],
                   heading=_("Navigation")),
        ObjectList([FieldPanel("phone"), FieldPanel("email"), FieldPanel("address"),
                    FieldPanel("opening_hours"), FieldPanel("social_links")],
                   heading=_("Contacts")),
        ObjectList([MultiFieldPanel([FieldPanel("default_seo_title"),
                                     FieldPanel("default_meta_description"),
                                     FieldPanel("default_share_image")])],
                   heading=_("SEO")),
    ])

    class Meta:
        verbose_name_plural = _("site settings")
        verbose_name = _("site settings")

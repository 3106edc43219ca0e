"""Site-wide template helpers: navigation, site settings, breadcrumbs, language alternates, canonical URL.

What every page shows around its content (menus, footer, contacts, default
SEO texts) and the page-tree facts a page needs (breadcrumbs, subcategory
links, its translations) change only when editors publish, so they are
kept in the cache under one "generation". Publishing, unpublishing, moving
or deleting a page, changing its privacy and saving the site settings start
a new generation (`forget_navigation`, connected in home/apps.py). Previews
never read or fill the page-specific caches: they show drafts.
"""

import uuid
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from core.links import safe_href
from core.localization import link_pages, localized_pages

register = template.Library()

GENERATION_KEY = "site-nav:generation"
CACHE_TIMEOUT = 60 * 60
EMPTY_NAVIGATION = {"header": [], "footer": [], "seo_suffix": "", "meta_description": "",
                    "phone": "", "email": "", "address": "", "opening_hours": "", "social": []}
SOCIAL_NAMES = {"instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok",
                "telegram": "Telegram", "youtube": "YouTube", "viber": "Viber"}


def forget_navigation(**kwargs):
    """Signal receiver: everything cached here is stale from now on."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _cached(request, name, build):
    """`build()` cached under the current generation; `name` must say what it depends on."""
    generation = getattr(request, "_site_nav_generation", None)
    if generation is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            generation = cache.get(GENERATION_KEY)
        request._site_nav_generation = generation
    key = f"site-nav:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def _is_preview(request):
    return getattr(request, "is_preview", False)


# --- header, footer and site settings --------------------------------------

@register.simple_tag(takes_context=True)
def site_navigation(context):
    """Menus, contacts and default SEO texts of the request's site in the active language.

    {"header": [(label, url)], "footer": [(label, url)], "seo_suffix", "meta_description",
     "phone", "email", "address", "opening_hours", "social": [(name, url)]}
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return EMPTY_NAVIGATION
    memo = getattr(request, "_site_navigation", None)
    if memo is None:
        name = f"site:{site.pk}:{translation.get_language()}"
        memo = _cached(request, name, lambda: _build_navigation(request, site))
        request._site_navigation = memo
    return memo


def _build_navigation(request, site):
    from home.models import SiteSettings, StandardPage

    site_settings = SiteSettings.for_site(site)
    home = site.root_page.localized  # the home page in the active language, if translated
    header = _links(request, site_settings.header_links)
    header += [(p.title, p.get_url(request)) for p in home.get_children().live().public().in_menu()]
    footer = _links(request, site_settings.footer_links)
    footer += [
        (p.title, p.get_url(request))
        for p in StandardPage.objects.live().public().descendant_of(home)
        .filter(show_in_footer=True).order_by("path")
    ]
    social = [
        (SOCIAL_NAMES.get(block.value["network"], block.value["network"]), safe_href(block.value["url"]))
        for block in site_settings.social_links if safe_href(block.value["url"])
    ]
    return {
        "header": header, "footer": footer, "social": social,
        "seo_suffix": site_settings.default_seo_title,
        "meta_description": site_settings.default_meta_description,
        "phone": site_settings.phone, "email": site_settings.email,
        "address": site_settings.address, "opening_hours": site_settings.opening_hours,
    }


def _links(request, stream):
    links = []
    for block in stream:
        value = block.value
        page = value.get("page")
        if page is not None:
            translated = page.localized
            # The settings' link text is written in the default language; a translated page
            # speaks for itself.
            label = value.get("text") if translated.pk == page.pk else ""
            if translated.live:
                links.append((label or translated.title, translated.get_url(request)))
        elif safe_href(value.get("url")):  # older content may hold a link forms now refuse
            links.append((value.get("text") or value["url"], safe_href(value["url"])))
    return links


# --- page-tree facts: breadcrumbs and subcategories --------------------------

@register.simple_tag
def localized_categories(pages):
    """Chosen category pages in the active language, with their images, in two or three queries."""
    from django.db.models import prefetch_related_objects

    from shop.models import CategoryPage

    found = localized_pages(pages, model=CategoryPage, select_related=["image"])
    prefetch_related_objects([page for page in found if isinstance(page, CategoryPage)], "image")
    return found


@register.simple_tag(takes_context=True)
def breadcrumb_links(context, page=None, pages=None):
    """(title, url) of the live pages between the site root and `page`, homepage first.

    `pages` (already fetched, as the product view does) skips the lookup.
    """
    request = context.get("request")
    if pages is not None:
        return [(p.title, p.get_url(request)) for p in pages]
    if page is None or page.pk is None:
        return []

    def build():
        return [(p.title, p.get_url(request)) for p in page.get_ancestors().live().filter(depth__gt=1)]

    if _is_preview(request):
        return build()
    return _cached(request, f"crumbs:{page.pk}", build)


@register.simple_tag(takes_context=True)
def child_category_links(context, page):
    """(title, url) of the live, public subcategories of a catalog or category page."""
    from shop.models import CategoryPage

    request = context.get("request")
    if page is None or page.pk is None:
        return []

    def build():
        children = page.get_children().live().public().type(CategoryPage)
        return [(p.title, p.get_url(request)) for p in children]

    if _is_preview(request):
        return build()
    return _cached(request, f"children:{page.pk}", build)


@register.simple_tag(takes_context=True)
def link_href(context, link):
    """The URL of a LinkBlock value: its page in the active language, else its plain URL."""
    if not link:
        return ""
    page = link.get("page")
    if page is not None:
        request = context.get("request")
        localized = _localized_link_pages(context).get(page.pk) or localized_pages([page])[0]
        return localized.get_url(request) or ""
    return safe_href(link.get("url"))  # older content may hold a link forms now refuse


def _localized_link_pages(context):
    """page id -> the page in the active language, for every link in the current page's body.

    Worked out once per request for all the body's links (hero slides, banners,
    sections), so a homepage costs one translation query however many links it has.
    """
    request = context.get("request")
    memo = getattr(request, "_localized_link_pages", None)
    if memo is None:
        body = getattr(context.get("page"), "body", None)
        pages = list(link_pages(body)) if body is not None else []
        memo = {page.pk: found for page, found in zip(pages, localized_pages(pages), strict=True)}
        if request is not None:
            request._localized_link_pages = memo
    return memo


# --- languages, alternates, canonical ------------------------------------

# What the language switcher shows; the ISO code of Ukrainian ("uk") reads as the UK to many.
SHORT_NAMES = {"uk": "UA", "en": "EN"}


@dataclass
class Alternate:
    code: str
    name: str
    url: str  # absolute
    current: bool
    translated: bool  # False: there is no such page in this language, the link goes home
    home: str  # absolute URL of the homepage in this language

    @property
    def short_name(self):
        return SHORT_NAMES.get(self.code, self.code.upper())


@dataclass
class Alternates:
    canonical: str
    languages: list
    x_default: str

    @property
    def hreflang(self):
        return [a for a in self.languages if a.translated]


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """Canonical URL and the URL of the current page, product or view in every language.

    Wagtail pages use their translations; a product (or any other view) lives
    at the same path under each language prefix, so `translate_url` finds it.
    """
    request = context.get("request")
    if request is None:
        return Alternates("", [], "")
    current = translation.get_language() or settings.LANGUAGE_CODE
    page = context.get("page")
    product = context.get("product")
    urls, canonical = {}, ""
    if isinstance(page, Page):
        urls = _page_urls(request, page)
        canonical = urls.get(current, "")
    elif product is not None and getattr(product, "slug", ""):
        path = product.get_absolute_url()
        urls = {code: translate_url(path, code) for code, _ in settings.LANGUAGES}
        canonical = urls[current]
    else:
        path = request.get_full_path()
        urls = {code: translate_url(path, code) for code, _ in settings.LANGUAGES}
        if len(set(urls.values())) < len(urls):
            urls = {}  # the path is not translatable (an error page): offer the homepages
    languages = []
    for code, name in settings.LANGUAGES:
        home = request.build_absolute_uri(translate_url("/", code))
        url = request.build_absolute_uri(urls[code]) if code in urls else home
        languages.append(Alternate(code, name, url, code == current, code in urls, home))
    absolute = {a.code: a.url for a in languages if a.translated}
    return Alternates(
        canonical=request.build_absolute_uri(canonical) if canonical else "",
        languages=languages,
        x_default=absolute.get(settings.LANGUAGE_CODE, ""),
    )


def _page_urls(request, page):
    """Language code -> URL of each live translation of `page` (the page itself even as a draft)."""
    if page.pk is None:
        return {page.locale.language_code: page.get_url(request) or ""} if page.locale_id else {}

    def build():
        urls = {}
        for translated in page.get_translations(inclusive=True).select_related("locale"):
            if translated.live or translated.pk == page.pk:
                url = translated.get_url(request)
                if url:
                    urls[translated.locale.language_code] = url
        return urls

    if _is_preview(request):
        return build()
    site = Site.find_for_request(request)
    return _cached(request, f"translations:{site.pk if site else 0}:{page.pk}", build)

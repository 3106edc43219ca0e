"""The demo store's pages: site tree, categories, composed homepage, information
pages and site settings, in Ukrainian with English translations.

Used by `manage.py load_demo`. Every function is safe to run again: pages are
looked up by slug and created only when missing, and what an editor changed in
an existing page is left alone (a second run only fills in what is missing).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage, SiteSettings, StandardPage
from shop.models import AttributeOption, CatalogPage, CategoryPage, Product
from shop.models.products import transliterate

SITE_NAME = "Крок"
PHONE = "+380 44 000 00 00"
EMAIL = "info@krok.example"
ADDRESS = "Київ, вул. Взуттєва, 7"

# (key the demo suppliers' categories are mapped to, Ukrainian title, English title,
# what it is for).
# Keys are the sample generator's category slugs and the English slugs.
CATEGORIES = [
    ("sneakers", "Кросівки", "Sneakers", ("на кожен день і для міста", "for every day and the city")),
    ("shoes", "Туфлі", "Shoes", ("для офісу та свят", "for the office and special days")),
    ("ankle-boots", "Черевики", "Ankle boots", ("на осінь і зиму", "for autumn and winter")),
    ("boots", "Чоботи", "Boots", ("теплі й високі", "warm and tall")),
    ("sandals", "Босоніжки", "Sandals", ("для спекотного літа", "for hot summer days")),
    ("loafers", "Лофери", "Loafers", ("класика без шнурків", "laceless classics")),
    ("ballet-flats", "Балетки", "Ballet flats", ("легкі на плоскій підошві", "light and flat")),
    ("slip-ons", "Сліпони", "Slip-ons", ("зручні й невимушені", "comfortable and casual")),
    ("chelsea", "Челсі", "Chelsea boots", ("з еластичними вставками", "with elastic gussets")),
    ("uggs", "Уггі", "UGG boots", ("найтепліші на зиму", "the warmest for winter")),
    ("moccasins", "Мокасини", "Moccasins", ("м'які на літо", "soft for summer")),
    ("booties", "Ботильйони", "Booties", ("на підборах", "on a heel")),
]


def uk_slug(title: str) -> str:
    return slugify(transliterate(title))


def locales() -> tuple[Locale, Locale]:
    """The Ukrainian (default) and English locales, created when missing."""
    uk, _ = Locale.objects.get_or_create(language_code="uk")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return uk, en


def publish_new(parent: Page, page: Page) -> Page:
    """Add a page under `parent` and publish it with a first revision (admin history)."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def child(parent: Page, model, slug: str, **fields) -> Page:
    """The child page with this slug, created (and published) when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    return publish_new(parent, model(slug=slug, **fields))


def translation(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation into `locale`, copied and published when missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


def home_page(uk: Locale) -> HomePage:
    """The HomePage, made the default Site's root in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=uk).first()
    if home is None:
        with transaction.atomic():
            # Wagtail's migrations leave a plain "Welcome" Page at depth 2; a Site
            # pointing at it would go with it, so the default Site is re-pointed below.
            placeholders = Page.objects.filter(depth=2, content_type__model="page",
                                               content_type__app_label="wagtailcore")
            for site in Site.objects.filter(root_page__in=placeholders):
                site.delete()
            placeholders.delete()
            root.refresh_from_db()
            home = publish_new(root, HomePage(
                title="Головна", slug="home", locale=uk,
                seo_title=f"{SITE_NAME} — жіноче взуття з доставкою по Україні",
                search_description="Кросівки, черевики, чоботи, туфлі та босоніжки від "
                                   "українських постачальників. Доставка Новою поштою.",
            ))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home,
                            is_default_site=True, site_name=SITE_NAME)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def catalog_tree(home: HomePage, en: Locale) -> tuple[CatalogPage, dict[str, CategoryPage]]:
    """Каталог > Взуття > one CategoryPage per kind, each with an English translation.

    Returns the catalog and the Ukrainian categories by key (what load_demo maps the
    suppliers' categories to).
    """
    translation(home, en, title="Home", seo_title=f"{SITE_NAME} — women's shoes delivered across Ukraine",
                search_description="Sneakers, ankle boots, boots, shoes and sandals from "
                                   "Ukrainian suppliers, delivered by Nova Poshta.")
    catalog = child(home, CatalogPage, "katalog", title="Каталог",
                    intro="<p>Жіноче взуття від перевірених українських постачальників.</p>",
                    seo_title="Каталог жіночого взуття",
                    search_description="Усе жіноче взуття магазину: фільтри за кольором, "
                                       "сезоном, матеріалом і розміром.")
    translation(catalog, en, title="Catalog", slug="catalog",
                intro="<p>Women's footwear from trusted Ukrainian suppliers.</p>",
                seo_title="Women's footwear catalog",
                search_description="All our women's shoes, filtered by colour, season, "
                                   "material and size.")
    footwear = child(catalog, CategoryPage, "vzuttia", title="Взуття",
                     intro="<p>Кросівки, черевики, чоботи, туфлі, босоніжки та інше.</p>",
                     seo_title="Жіноче взуття — купити онлайн",
                     search_description="Жіноче взуття на будь-який сезон з доставкою "
                                        "Новою поштою по всій Україні.")
    translation(footwear, en, title="Footwear", slug="footwear",
                intro="<p>Sneakers, ankle boots, boots, shoes, sandals and more.</p>",
                seo_title="Women's footwear — shop online",
                search_description="Women's shoes for every season, delivered by Nova "
                                   "Poshta across Ukraine.")
    categories = {}
    for key, title, title_en, (about, about_en) in CATEGORIES:
        page = child(
            footwear, CategoryPage, uk_slug(title), title=title,
            intro=f"<p>Жіночі {title.lower()} {about}: обирайте колір, матеріал і розмір.</p>",
            seo_title=f"Жіночі {title.lower()} — купити в інтернет-магазині {SITE_NAME}",
            search_description=f"Жіночі {title.lower()} {about}. Ціни від постачальників, "
                               "доставка Новою поштою, повернення 14 днів.",
        )
        translation(
            page, en, title=title_en, slug=key,
            intro=f"<p>Women's {title_en.lower()} {about_en}: pick a colour, material "
                  "and size.</p>",
            seo_title=f"Women's {title_en.lower()} — shop online at Krok",
            search_description=f"Women's {title_en.lower()} {about_en}. Supplier prices, "
                               "Nova Poshta delivery, 14-day returns.",
        )
        categories[key] = page
    return catalog, categories


def category_images(categories: dict[str, CategoryPage], en: Locale) -> None:
    """Give each category (and its translation) the first photo of one of its products."""
    for page in categories.values():
        product = (Product.objects.visible().filter(category=page, images__isnull=False)
                   .order_by("created_at", "pk").first())
        if product is None:
            continue
        image = product.first_image
        for version in (page, page.get_translation_or_none(en)):
            if version is not None and version.specific.image_id is None:
                version = version.specific
                version.image = image
                version.save_revision().publish()


# --- homepage -------------------------------------------------------------------

BANNERS = {  # name -> (size, gradient from, gradient to, text on the picture)
    "hero-new": ((1600, 600), (32, 40, 70), (190, 120, 90), "NEW SEASON"),
    "hero-sneakers": ((1600, 600), (20, 90, 110), (150, 210, 190), "SNEAKERS"),
    "hero-winter": ((1600, 600), (60, 50, 90), (200, 200, 230), "WINTER"),
    "banner-loafers": ((800, 400), (110, 60, 40), (230, 190, 150), "LOAFERS"),
    "banner-summer": ((800, 400), (230, 120, 60), (250, 220, 120), "SUMMER"),
}
FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
              "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf")


def draw_banner(size, start, end, text: str) -> bytes:
    """A left-to-right gradient with big text: PNG bytes, the same every time."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = size
    gradient = Image.linear_gradient("L").rotate(90).resize((width, height))
    picture = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), gradient)
    draw = ImageDraw.Draw(picture)
    font_size = height // 5
    font_file = next((f for f in FONT_FILES if Path(f).is_file()), None)
    font = (ImageFont.truetype(font_file, font_size) if font_file
            else ImageFont.load_default(size=font_size))
    draw.text((width // 12, height // 2), text, font=font, fill=(255, 255, 255), anchor="lm")
    draw.rectangle((width // 12, height // 2 + font_size * 0.8,
                    width // 12 + font_size * 2, height // 2 + font_size * 0.8 + 8),
                   fill=(255, 255, 255))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False)
    return out.getvalue()


def banner_images() -> dict[str, int]:
    """The banners as Wagtail images (stored once, whatever the number of runs)."""
    return {name: stored_image(draw_banner(size, start, end, text), f"{name}.png",
                               f"Банер: {text.title()}")
            for name, (size, start, end, text) in BANNERS.items()}


def stored_image(data: bytes, filename: str, title: str) -> int:
    """The id of the Wagtail image with exactly these bytes, created when missing."""
    model = get_image_model()
    digest = hashlib.sha1(data).hexdigest()  # the hash Wagtail keeps in file_hash
    existing = model.objects.filter(file_hash=digest).values_list("pk", flat=True).first()
    if existing:
        return existing
    image = model(title=title[:255], file=ImageFile(io.BytesIO(data), name=filename),
                  file_hash=digest)
    image.save()
    return image.pk


def _link(page=None, url="", text=""):
    return {"page": page.pk if page else None, "url": url, "text": text}


def _section(kind: str, **value) -> dict:
    return {"type": kind, "value": {"hidden": False, **value}}


def home_body(lang: str, pages: dict, categories_uk: dict, banners: dict) -> list:
    """The homepage sections in one language. `pages` holds that language's catalog
    and categories; product sections filter by the Ukrainian categories, which
    products point at."""
    uk = lang == "uk"
    t = (lambda u, e: u if uk else e)  # noqa: E731 - a two-language literal, nothing more
    cat = pages["categories"]
    demi = AttributeOption.objects.filter(definition__slug="season", slug="demi-season").first()

    def slide(image, heading, text, page):
        return {"image": banners[image], "heading": heading, "text": text,
                "link": _link(page, text=t("Дивитися", "Shop now")),
                "starts_at": None, "ends_at": None}

    def products(heading, source, link_page=None, **extra):
        return _section("products", heading=heading, source=source, products=[],
                        category=extra.get("category"), option=extra.get("option"), limit=8,
                        link=_link(link_page, text=t("Усі товари", "See all")))

    return [
        _section("hero", slides=[
            slide("hero-new", t("Нова колекція демісезону", "The new demi-season collection"),
                  t("Черевики, лофери й кросівки на весну та осінь.",
                    "Ankle boots, loafers and sneakers for spring and autumn."), pages["catalog"]),
            slide("hero-sneakers", t("Кросівки на кожен день", "Sneakers for every day"),
                  t("Шкіра, замша й текстиль — розміри від 35 до 41.",
                    "Leather, suede and textile in sizes 35 to 41."), cat["sneakers"]),
            slide("hero-winter", t("Тепло взимку", "Warm all winter"),
                  t("Чоботи, уггі та черевики з теплою підкладкою.",
                    "Boots, UGGs and ankle boots with a warm lining."), cat["boots"]),
        ]),
        _section("categories", heading=t("Категорії", "Categories"),
                 categories=[cat[key].pk for key, *_ in CATEGORIES]),
        products(t("Новинки", "New arrivals"), "newest", pages["catalog"]),
        products(t("Знижки", "On sale"), "sale", pages["catalog"]),
        products(t("Кросівки", "Sneakers"), "category", cat["sneakers"],
                 category=categories_uk["sneakers"].pk),
        _section("banners", heading=t("Варто подивитися", "Worth a look"), banners=[
            {"image": banners["banner-loafers"], "title": t("Лофери", "Loafers"),
             "link": _link(cat["loafers"])},
            {"image": banners["banner-summer"], "title": t("Босоніжки на літо", "Summer sandals"),
             "link": _link(cat["sandals"])},
        ]),
        products(t("Демісезон", "Demi-season picks"), "option", pages["catalog"],
                 option=demi.pk if demi else None),
        _section("text", text=t(ABOUT_UK, ABOUT_EN)),
        _section("popular_searches", heading=t("Популярні запити", "Popular searches"),
                 queries=t(["кросівки", "чоботи зимові", "лофери", "білі кеди"],
                           ["sneakers", "winter boots", "loafers", "white sneakers"])),
    ]


ABOUT_UK = (
    "<h2>Про магазин «Крок»</h2>"
    "<p>«Крок» — інтернет-магазин жіночого взуття. Ми збираємо моделі кількох українських "
    "постачальників в одному каталозі, тож наявність і розміри тут завжди актуальні.</p>"
    "<ul><li>Доставка Новою поштою по всій Україні за 1–3 дні.</li>"
    "<li>Оплата при отриманні або карткою на сайті.</li>"
    "<li>14 днів на повернення, якщо взуття не підійшло.</li></ul>"
)
ABOUT_EN = (
    "<h2>About Krok</h2>"
    "<p>Krok is an online store for women's footwear. We bring the styles of several "
    "Ukrainian suppliers into one catalog, so stock and sizes are always up to date.</p>"
    "<ul><li>Nova Poshta delivery anywhere in Ukraine in 1–3 days.</li>"
    "<li>Pay on delivery or by card online.</li>"
    "<li>14 days to return shoes that did not fit.</li></ul>"
)


def compose_home(home: HomePage, en: Locale, catalog: CatalogPage,
                 categories: dict[str, CategoryPage], banners: dict[str, int]) -> None:
    """Fill the homepage body in both languages, unless an editor already did."""
    home_en = home.get_translation(en).specific
    for page, lang in ((home, "uk"), (home_en, "en")):
        if len(page.body):
            continue
        if lang == "uk":
            pages = {"catalog": catalog, "categories": categories}
        else:
            pages = {"catalog": catalog.get_translation(en),
                     "categories": {k: p.get_translation(en) for k, p in categories.items()}}
        page.body = home_body(lang, pages, categories, banners)
        page.save_revision().publish()


# --- information pages ------------------------------------------------------------

INFO_PAGES = [
    ("dostavka", "Доставка", "delivery", "Delivery"),
    ("povernennia", "Повернення", "returns", "Returns"),
    ("kontakty", "Контакти", "contacts", "Contacts"),
]

INFO_TEXT = {
    "dostavka": (
        "<h2>Доставка Новою поштою</h2>"
        "<p>Відправляємо замовлення щодня, крім неділі. Замовлення, оформлені до 14:00, "
        "вирушають того ж дня; доставка по Україні займає 1–3 дні.</p>"
        "<ul><li>У відділення або поштомат Нової пошти — за тарифами перевізника.</li>"
        "<li>Кур'єром Нової пошти на вашу адресу — за тарифами перевізника.</li>"
        "<li>Від 3000 грн доставка у відділення безкоштовна.</li></ul>"
        "<h3>Оплата</h3>"
        "<p>Накладений платіж при отриманні (комісія перевізника — 20 грн + 2 % від суми) "
        "або оплата карткою на сайті.</p>"
        "<p>Товари різних постачальників можуть надійти окремими посилками: номери "
        "накладних ми надсилаємо SMS та електронною поштою.</p>",
        "<h2>Nova Poshta delivery</h2>"
        "<p>We ship every day except Sunday. Orders placed before 2 pm leave the same day; "
        "delivery anywhere in Ukraine takes 1–3 days.</p>"
        "<ul><li>To a Nova Poshta branch or parcel locker, at the carrier's rates.</li>"
        "<li>By Nova Poshta courier to your door, at the carrier's rates.</li>"
        "<li>Free delivery to a branch for orders from 3,000 UAH.</li></ul>"
        "<h3>Payment</h3>"
        "<p>Cash on delivery (the carrier charges 20 UAH + 2% of the amount) or by card "
        "online.</p>"
        "<p>Goods from different suppliers may arrive in separate parcels: we send the "
        "tracking numbers by text message and email.</p>",
    ),
    "povernennia": (
        "<h2>Повернення та обмін протягом 14 днів</h2>"
        "<p>Якщо взуття не підійшло, ви можете повернути або обміняти його протягом 14 днів "
        "від отримання, як передбачає Закон України «Про захист прав споживачів».</p>"
        "<ul><li>Взуття не було у використанні, збережено товарний вигляд, ярлики та коробку.</li>"
        "<li>Напишіть або зателефонуйте нам, щоб отримати адресу для відправлення.</li>"
        "<li>Надішліть посилку Новою поштою; доставку повернення оплачує покупець.</li></ul>"
        "<p>Гроші повертаємо на картку протягом 7 днів після того, як посилка надійде до нас. "
        "Якщо товар має виробничий брак, доставку в обидва боки оплачуємо ми.</p>",
        "<h2>14-day returns and exchanges</h2>"
        "<p>If the shoes do not fit, you may return or exchange them within 14 days of "
        "delivery, as Ukrainian consumer protection law provides.</p>"
        "<ul><li>The shoes are unworn, with their labels and box.</li>"
        "<li>Write or call us to get the address to send them to.</li>"
        "<li>Send the parcel by Nova Poshta; the buyer pays for return shipping.</li></ul>"
        "<p>We refund to your card within 7 days of receiving the parcel. If the item has a "
        "manufacturing defect, we pay for shipping both ways.</p>",
    ),
    "kontakty": (
        "<h2>Як з нами зв'язатися</h2>"
        f"<p>Телефон: <a href=\"tel:+380440000000\">{PHONE}</a><br>"
        f"Пошта: <a href=\"mailto:{EMAIL}\">{EMAIL}</a><br>"
        f"Адреса: {ADDRESS}</p>"
        "<p>Працюємо щодня з 9:00 до 20:00. Відповідаємо в Telegram і Viber за тим самим "
        "номером.</p>",
        "<h2>How to reach us</h2>"
        f"<p>Phone: <a href=\"tel:+380440000000\">{PHONE}</a><br>"
        f"Email: <a href=\"mailto:{EMAIL}\">{EMAIL}</a><br>"
        "Address: 7 Vzuttieva St, Kyiv</p>"
        "<p>We are open every day from 9 am to 8 pm, and answer on Telegram and Viber at the "
        "same number.</p>",
    ),
}


def info_pages(home: HomePage, en: Locale) -> list[StandardPage]:
    """Delivery, returns and contacts in both languages, linked from the footer."""
    pages = []
    for slug, title, slug_en, title_en in INFO_PAGES:
        text_uk, text_en = INFO_TEXT[slug]
        page = child(home, StandardPage, slug, title=title, show_in_footer=True,
                     search_description=f"{title} — інтернет-магазин {SITE_NAME}.",
                     body=[{"type": "text", "value": text_uk}])
        translation(page, en, title=title_en, slug=slug_en,
                    search_description=f"{title_en} — Krok online store.",
                    body=[{"type": "text", "value": text_en}])
        pages.append(page)
    return pages


# --- site settings ------------------------------------------------------------------

def site_settings(site: Site, catalog: CatalogPage, categories: dict,
                  share_image: int | None) -> SiteSettings:
    """Header and footer links, contacts, social links and default SEO; fields an
    editor filled in are kept."""
    settings = SiteSettings.for_site(site)

    def links(pages):
        # No text: the templates show each page's title in the visitor's language.
        return [{"type": "link", "value": _link(p)} for p in pages]

    defaults = {
        "header_links": links([catalog] + [categories[k] for k in
                                           ("sneakers", "ankle-boots", "boots", "shoes", "sandals")]),
        # Information pages marked "show in footer" are listed after these by the templates.
        "footer_links": links([catalog] + [categories[k] for k in ("sneakers", "boots", "loafers")]),
        "phone": PHONE,
        "email": EMAIL,
        "address": ADDRESS,
        "opening_hours": "Щодня 9:00–20:00",
        "social_links": [
            {"type": "social", "value": {"network": n, "url": u}} for n, u in (
                ("instagram", "https://www.instagram.com/krok.shoes.demo/"),
                ("facebook", "https://www.facebook.com/krok.shoes.demo"),
                ("telegram", "https://t.me/krok_shoes_demo"),
            )
        ],
        "default_seo_title": SITE_NAME,
        "default_meta_description": "Жіноче взуття від українських постачальників: кросівки, "
                                    "черевики, чоботи, туфлі. Доставка Новою поштою.",
        "default_share_image_id": share_image,
    }
    for name, value in defaults.items():
        current = getattr(settings, name)
        if current is None or (hasattr(current, "__len__") and not len(current)):
            setattr(settings, name, value)
    settings.save()
    return settings

"""Seed a realistic catalog fast: the site tree once, then products in bulk.

Everything is deterministic (seeded random numbers), so two runs on the same
machine measure the same data. Products are written with bulk_create in
batches; that skips Product.save(), so the denormalised columns (price,
current_price, total_stock, in_stock) are computed here the way save() and
refresh_product_stock() would compute them.
"""

import functools
import io
import itertools
import json
import random
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Page, Site

from home.models import HomePage
from shop.models import (
    AttributeOption,
    CatalogPage,
    CategoryPage,
    Product,
    ProductAttribute,
    ProductImage,
    StockRecord,
    Variant,
    Warehouse,
)
from shop.models.products import TILE_RENDITIONS, transliterate
from shop.pricing import retail_price
from suppliers.models import Supplier

BATCH = 2000
IMAGE_COUNT = 20
# The listing the benchmark measures: about a tenth of the catalog lives here.
BIG_CATEGORY = ("Жінкам", "Кросівки")
BIG_SHARE = 0.10

# A two-level tree of 10 groups and 63 leaves: 73 categories like the real store.
# (group, size range, leaves)
TREE = [
    ("Жінкам", (36, 41), ["Кросівки", "Кеди", "Черевики", "Чоботи", "Ботильйони", "Туфлі",
                          "Балетки", "Лофери", "Мокасини", "Босоніжки", "Сандалі", "Шльопанці",
                          "Угги"]),
    ("Чоловікам", (40, 46), ["Кросівки", "Кеди", "Черевики", "Чоботи", "Туфлі", "Лофери",
                             "Мокасини", "Сандалі", "Шльопанці", "Сліпони", "Дербі"]),
    ("Дівчаткам", (28, 35), ["Кросівки", "Черевики", "Чоботи", "Туфлі", "Босоніжки", "Сандалі",
                             "Кеди", "Угги"]),
    ("Хлопчикам", (28, 35), ["Кросівки", "Черевики", "Чоботи", "Туфлі", "Сандалі", "Кеди",
                             "Сліпони", "Мокасини"]),
    ("Спорт", (36, 45), ["Бігові кросівки", "Тренувальні", "Баскетбольні", "Бутси",
                         "Трекінгові", "Тенісні"]),
    ("Домашнє взуття", (36, 45), ["Капці жіночі", "Капці чоловічі", "Капці дитячі", "Еспадрильї"]),
    ("Гумове взуття", (36, 45), ["Гумові чоботи жіночі", "Гумові чоботи чоловічі", "Гумові чоботи дитячі"]),
    ("Робоче взуття", (39, 46), ["Черевики робочі", "Чоботи робочі", "Сабо"]),
    ("Великі розміри", (41, 48), ["Жіноче", "Чоловіче"]),
    ("Аксесуари", (36, 41), ["Догляд за взуттям", "Устілки", "Шкарпетки", "Сумки", "Рюкзаки"]),
]

BRANDS = ["Lumo", "Vento", "Karpaty", "Stepa", "Orest", "Mila", "Dnipro", "Tesla Step", "Kozak",
          "Lileya", "Aurum", "Berezka", "Nord", "Sokil", "Veselka"]
# Colour groups with their weights: black dominates a shoe catalog.
COLOURS = [("black", 30), ("white", 10), ("beige", 9), ("brown", 12), ("grey", 8), ("red", 5),
           ("pink", 4), ("blue", 7), ("light-blue", 3), ("green", 3), ("yellow", 2),
           ("purple", 2), ("multi", 5)]
SEASONS = [("demi-season", 35), ("winter", 25), ("summer", 30), ("all-season", 10)]
MATERIALS = [("leather", 35), ("suede", 15), ("nubuck", 8), ("patent", 4), ("textile", 15),
             ("eco-leather", 18), ("rubber", 5)]
LININGS = {"winter": [("fur", 6), ("wool", 4)],
           "demi-season": [("leather-lining", 5), ("textile-lining", 4), ("wool", 1)],
           "all-season": [("leather-lining", 1), ("textile-lining", 1)]}
COLOUR_WORDS = {"black": "чорні", "white": "білі", "beige": "бежеві", "brown": "коричневі",
                "grey": "сірі", "red": "червоні", "pink": "рожеві", "blue": "сині",
                "light-blue": "блакитні", "green": "зелені", "yellow": "жовті", "purple": "фіолетові",
                "multi": "різнокольорові"}


def weighted(rng, pairs):
    values, cumulative = _cumulative(tuple(pairs))
    return rng.choices(values, cum_weights=cumulative)[0]


@functools.cache
def _cumulative(pairs):
    """(values, cumulative weights): computed once, not for every product."""
    return [p[0] for p in pairs], list(itertools.accumulate(p[1] for p in pairs))


# --- site tree --------------------------------------------------------------
def seed_site():
    """HomePage (site root) > CatalogPage > 10 groups > 63 leaves; suppliers; images.

    Returns the context product seeding needs.
    """
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()  # Wagtail's placeholder welcome page
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Крок", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "localhost", "port": 80, "root_page": home, "site_name": "Крок"})
    catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))

    images = seed_images()
    leaves, groups = [], []
    for g, (group_title, sizes, leaf_titles) in enumerate(TREE):
        group = catalog.add_child(instance=CategoryPage(
            title=group_title, slug=slug_of(group_title), image=images[g % len(images)],
            show_in_menus=True))
        groups.append(group)
        for leaf_title in leaf_titles:
            leaf = group.add_child(instance=CategoryPage(title=leaf_title, slug=slug_of(leaf_title)))
            leaves.append((leaf, sizes, (group_title, leaf_title) == BIG_CATEGORY))

    suppliers = []
    for n, name in enumerate(["Взуттєвий двір", "ShoeHub", "Кроки Опт"], start=1):
        supplier = Supplier(name=name, slug=f"supplier-{n}", default_markup_percent=Decimal(25 + 5 * n))
        supplier.save()  # also creates the supplier's warehouse
        suppliers.append(supplier)
    own = Warehouse.objects.create(name="Наш склад", code="own", priority=10)

    options = {(o.definition.slug, o.slug): o.pk
               for o in AttributeOption.objects.select_related("definition")}
    seed_home_sections(home, groups, leaves, options)
    return {
        "home": home, "catalog": catalog, "leaves": leaves, "images": images, "options": options,
        "suppliers": [(s, Warehouse.objects.get(supplier=s)) for s in suppliers], "own": own,
        "big_category": next(leaf for leaf, _, big in leaves if big),
    }


def slug_of(title):
    from django.utils.text import slugify

    return slugify(transliterate(title))


def seed_images():
    """A small shared set of photos; renditions for tiles are made now, not at first view."""
    images = []
    for n in range(IMAGE_COUNT):
        picture = PILImage.new("RGB", (900, 900), (240 - n * 7, 235, 225 + n))
        draw = ImageDraw.Draw(picture)
        draw.ellipse((120, 380, 780, 640), fill=(40 + n * 10, 30 + n * 5, 60))
        draw.rectangle((160, 300, 420, 520), fill=(60 + n * 8, 40, 30 + n * 6))
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        image = Image.objects.create(
            title=f"Bench photo {n + 1}", file=ImageFile(buffer, name=f"bench-{n + 1:02d}.jpg"))
        image.get_renditions(*TILE_RENDITIONS)
        images.append(image)
    return images


def seed_home_sections(home, groups, leaves, options):
    """A homepage composed like the real one: hero, product sections, category tiles."""
    def products(heading, source, **extra):
        value = {"hidden": False, "heading": heading, "source": source, "products": [],
                 "category": None, "option": None, "limit": 8,
                 "link": {"page": None, "url": "", "text": ""}}
        value.update(extra)
        return {"type": "products", "value": value}

    women_boots = next(leaf for leaf, _, _ in leaves if leaf.title == "Черевики")
    # Raw StreamField JSON: ids for images and pages, as the admin would store them.
    home.body = json.dumps([
        {"type": "hero", "value": {"hidden": False, "slides": [{
            "image": groups[0].image_id, "heading": "Нова колекція", "text": "Демісезон уже тут",
            "link": {"page": groups[0].pk, "url": "", "text": "Дивитись"},
            "starts_at": None, "ends_at": None}]}},
        products("Новинки", "newest"),
        {"type": "categories", "value": {"hidden": False, "heading": "Категорії",
                                         "categories": [g.pk for g in groups[:8]]}},
        products("Жіночі черевики", "category", category=women_boots.pk),
        products("Демісезон", "option", option=options[("season", "demi-season")]),
        products("Розпродаж", "sale"),
    ])
    home.save()


# --- products ---------------------------------------------------------------
@contextmanager
def keep_given_created_at():
    """bulk_create runs pre_save(); let it keep our spread-out creation dates."""
    field = Product._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def seed_products(ctx, start, stop, seed=4242):
    """Products number `start` .. `stop - 1`, with attributes, a photo, sizes and stock."""
    rng = random.Random(seed * 1_000_003 + start)
    leaves = ctx["leaves"]
    other_weight = (1 - BIG_SHARE) / (len(leaves) - 1)
    leaf_weights = list(itertools.accumulate(BIG_SHARE if big else other_weight for _, _, big in leaves))
    now = timezone.now()
    with transaction.atomic(), keep_given_created_at():
        for batch_start in range(start, stop, BATCH):
            numbers = range(batch_start, min(stop, batch_start + BATCH))
            plans = [plan_product(rng, n, ctx, leaf_weights, now) for n in numbers]
            write_batch(plans)


def plan_product(rng, n, ctx, leaf_weights, now):
    leaf, (low, high), _ = rng.choices(ctx["leaves"], cum_weights=leaf_weights)[0]
    supplier, warehouse = rng.choice(ctx["suppliers"])
    colour = weighted(rng, COLOURS)
    season = weighted(rng, SEASONS)
    picks = [("colour", colour), ("season", season), ("material", weighted(rng, MATERIALS))]
    if rng.random() < 0.1:  # two-tone goods are filed under both colours
        second = weighted(rng, COLOURS)
        if second != colour:
            picks.append(("colour", second))
    if season in LININGS:
        picks.append(("lining", weighted(rng, LININGS[season])))

    brand = rng.choice(BRANDS)
    name = f"{leaf.title} {brand} {COLOUR_WORDS[colour]} {n + 1}"
    supplier_price = Decimal(rng.randrange(450, 4200))
    price = retail_price(supplier_price, supplier.default_markup_percent, "unit")
    sale_price = (price * Decimal("0.8")).quantize(Decimal("1")) if rng.random() < 0.15 else None

    first = rng.randint(low, max(low, high - 3))
    sizes = [str(s) for s in range(first, min(high, first + rng.randint(3, 6)) + 1)]
    sold_out = rng.random() < 0.10
    stock = []  # (size, warehouse, quantity)
    for size in sizes:
        stock.append((size, warehouse, 0 if sold_out or rng.random() < 0.15 else rng.randint(1, 8)))
        if rng.random() < 0.15:
            stock.append((size, ctx["own"], 0 if sold_out else rng.randint(1, 3)))
    total = sum(q for _, _, q in stock)

    roll = rng.random()
    status = "hidden" if roll < 0.02 else "disabled" if roll < 0.04 else "active"
    created = now - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1439))
    product = Product(
        name=name, slug=f"{slug_of(leaf.title)}-{slug_of(brand)}-{n + 1}", brand=brand,
        description=f"<p>{name}: зручна пара на кожен день. Розміри {sizes[0]}–{sizes[-1]}.</p>",
        category_id=leaf.pk, status=status, live=rng.random() > 0.01,
        supplier=supplier, supplier_sku=f"S{supplier.pk}-{n + 1:06d}",
        sync_id=f"{supplier.slug}:{n + 1}", supplier_price=supplier_price, price=price,
        sale_price=sale_price, compare_at_price=None, current_price=sale_price or price,
        total_stock=total, in_stock=total > 0, created_at=created, updated_at=created,
        first_published_at=created, last_published_at=created,
    )
    image = ctx["images"][n % len(ctx["images"])]
    options = [ctx["options"][pick] for pick in picks]
    return product, options, image, sizes, stock


def write_batch(plans):
    Product.objects.bulk_create([plan[0] for plan in plans])  # sets each product's pk
    attributes, photos, variants = [], [], []
    for product, options, image, sizes, _ in plans:
        attributes += [ProductAttribute(product_id=product.pk, option_id=o) for o in options]
        photos.append(ProductImage(product_id=product.pk, image=image, sort_order=0, alt=product.name))
        variants += [Variant(product_id=product.pk, size=s, sort_order=i, sku=f"{product.supplier_sku}-{s}")
                     for i, s in enumerate(sizes)]
    ProductAttribute.objects.bulk_create(attributes, batch_size=BATCH * 4)
    ProductImage.objects.bulk_create(photos, batch_size=BATCH * 4)
    variants = Variant.objects.bulk_create(variants, batch_size=BATCH * 4)
    by_key = {(v.product_id, v.size): v.pk for v in variants}
    StockRecord.objects.bulk_create([
        StockRecord(variant_id=by_key[product.pk, size], warehouse=warehouse, quantity=quantity)
        for product, _, _, _, stock in plans for size, warehouse, quantity in stock
    ], batch_size=BATCH * 4)


def analyze():
    """Fresh planner statistics and visibility maps, as autovacuum would leave a live store."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def catalog_counts():
    return {
        "products": Product.objects.count(),
        "visible_products": Product.objects.visible().count(),
        "variants": Variant.objects.count(),
        "stock_records": StockRecord.objects.count(),
        "product_attributes": ProductAttribute.objects.count(),
        "categories": CategoryPage.objects.count(),
        "images": Image.objects.count(),
    }

"""`manage.py load_demo`: the demo store, offline, from the project's own sample feeds.

    python manage.py load_demo [--models 300] [--feeds-dir demo-feeds] [--no-images]
                               [--admin-password PASSWORD]

The catalog comes in the way a real supplier's does: the sample feeds are
written to disk, the four demo suppliers are set up as a manager would set them
up (dialect, options, name rules, markup, a store category for every supplier
category) and each feed goes through the supplier-sync pipeline with the local
file as its source, so photos beside it are read, converted to WebP and stored.

Safe to run again: the second sync of unchanged feeds writes nothing, and
suppliers, mappings and pages an editor changed are kept.
"""

import json
import os
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from wagtail.images import get_image_model
from wagtail.models import Site

from demo import content as demo_content
from search.indexing import reindex_all, reindex_products
from shop.models import CategoryPage, Product
from suppliers.feeds import FeedError
from suppliers.feeds.sample import generate
from suppliers.models import CategoryMapping, Supplier
from suppliers.sync.runner import EXIT_DONE, EXIT_FAILED, run_one

DEFAULT_PASSWORD = "admin-demo-1"

# What each demo supplier puts into its product names beyond its brand, the model
# code and promo words (the pipeline removes those for every supplier); stored as
# the Supplier's name rules, so the admin's name-rule tester shows them too.
NAME_RULES = {
    "kalyna": [],  # "🔥 Туфлі ... Kalyna 33888 ХІТ": brand, code and promo words only
    "vzuttia": [r"(?<!\w)VZ-?\d+(?!\w)"],  # "VZ-10131 Черевики ..."
    "solomoda": [r"(?<!\w)арт(?:\.|(?!\w))\s*(?:[\w-]*\d[\w-]*)?"],  # "... арт. SM-10131"
    "lorena": [r"^\s*\d+-\d+(?!\w)"],  # "101-31 Уггі ... LORENA"
}


class Command(BaseCommand):
    help = "Load the demo store: pages in two languages, four suppliers' sample feeds, an admin."

    def add_arguments(self, parser):
        parser.add_argument("--models", type=int, default=300,
                            help="How many product models the sample feeds hold (all suppliers).")
        parser.add_argument("--feeds-dir", default=str(settings.BASE_DIR / "demo-feeds"),
                            help="Where the sample feeds and their photos are written.")
        parser.add_argument("--no-images", action="store_true",
                            help="Skip drawing and importing product photos (faster).")
        parser.add_argument("--admin-password",
                            help="Password for the 'admin' user (default: $DEMO_ADMIN_PASSWORD "
                                 f"or {DEFAULT_PASSWORD}).")
        parser.add_argument("--seed", type=int, default=1, help="Sample catalog seed.")

    def handle(self, *args, **options):
        started = time.monotonic()
        images = not options["no_images"]
        feeds_dir = Path(options["feeds_dir"]).resolve()
        if options["models"] < 4:
            raise CommandError("--models must be at least 4 (one per supplier).")

        manifest = generate(feeds_dir, models=options["models"], seed=options["seed"],
                            day=0, images=images)
        truth = read_truth(feeds_dir / "truth.jsonl")
        self.step(f"Sample feeds written to {feeds_dir}", started)

        # One transaction for the pages: SQLite does not wait for the disk after each one.
        with transaction.atomic():
            uk, en = demo_content.locales()
            home = demo_content.home_page(uk)
            catalog, categories = demo_content.catalog_tree(home, en)
            suppliers = [demo_supplier(slug, spec) for slug, spec in manifest["suppliers"].items()]
            for supplier in suppliers:
                spec = manifest["suppliers"][supplier.slug]
                map_categories(supplier, feeds_dir / spec["file"], truth, categories)
        self.step("Pages, categories, suppliers and their category mappings", started)

        refused = []
        for supplier in suppliers:
            feed = feeds_dir / manifest["suppliers"][supplier.slug]["file"]
            # A sync commits per batch and per photo, as it must for a live catalog; the
            # demo's fresh catalog lands one supplier at a time instead, so SQLite does
            # not wait for the disk ~700 times (a third of the run).
            try:
                with transaction.atomic():
                    code, line, _run = run_one(supplier, source=str(feed), images=images)
            except DatabaseError as exc:  # the run could not even record its failure
                code, line = EXIT_FAILED, f"{supplier.slug}: failed, nothing kept — {exc}"
            if code == EXIT_DONE:
                self.stdout.write(f"  {line}")
            else:
                self.stderr.write(self.style.ERROR(f"  {line}"))
                refused.append(line)
        filled = english_names(truth)
        self.step(f"Suppliers synced ({filled} English names filled in)", started)

        with transaction.atomic():
            demo_content.category_images(categories, en)
            banners = demo_content.banner_images()
            demo_content.compose_home(home, en, catalog, categories, banners)
            demo_content.info_pages(home, en)
            site = Site.objects.get(is_default_site=True)
            demo_content.site_settings(site, catalog, categories, banners["hero-new"])
            password = (options["admin_password"] or os.environ.get("DEMO_ADMIN_PASSWORD")
                        or DEFAULT_PASSWORD)
            admin_user(password)
        self.step("Homepage, information pages and site settings", started)

        # `make demo` runs no django-q cluster, so the reindexing the syncs queued would never
        # happen: index here and now, as `manage.py search_reindex` does.
        indexed, _removed = reindex_all()
        self.step(f"Search index: {indexed} products", started)

        self.stdout.write(
            f"Products: {Product.objects.count()} ({Product.objects.visible().count()} visible), "
            f"categories: {CategoryPage.objects.filter(locale=uk).count()}, "
            f"images: {get_image_model().objects.count()}"
        )
        self.stdout.write(self.style.SUCCESS(
            f"Admin: http://127.0.0.1:8000/admin/  login: admin  password: {password}"))
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
        if refused:
            raise CommandError("the demo catalog is incomplete: these suppliers' syncs were refused "
                               "or failed (the rest of the store is loaded; the admin lists the "
                               "runs under Suppliers):\n  " + "\n  ".join(refused))

    def step(self, text, started):
        self.stdout.write(f"[{time.monotonic() - started:5.1f} s] {text}")


def demo_supplier(slug: str, spec: dict) -> Supplier:
    """The supplier as a manager would set it up to read its feed; created once, so
    changes made in the admin since are kept."""
    supplier, _created = Supplier.objects.get_or_create(slug=slug, defaults={
        "name": spec["brand"],
        "default_markup_percent": Decimal(spec["suggested_markup_percent"]),
        "dialect": spec["dialect"],
        "adapter_options": spec["options"],
        "name_rules": NAME_RULES.get(slug, []),
    })
    return supplier


def map_categories(supplier: Supplier, feed: Path, truth: dict, categories: dict) -> int:
    """Point each of the feed's categories at a store category, as a manager does once.

    A supplier category whose models are all of one kind goes to that kind's
    category; one that mixes kinds (Kalyna files some models under a category
    id its feed never declares) goes to the category above them all. Mappings a
    manager already chose are kept. Returns how many were set.
    """
    kinds: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    try:
        with open(feed, "rb") as stream:
            for record in supplier.get_adapter().parse(stream):
                key = (record.category_key or "").strip()[:500]
                kind = truth.get(supplier.slug, {}).get(record.model_code, {}).get("category")
                if kind in categories:
                    kinds.setdefault(key, set()).add(kind)
                    names.setdefault(key, (record.category_name or "")[:255])
    except (FeedError, ValueError, TypeError):
        return 0  # the sync reads the feed next and says what is wrong with it
    everything = next(iter(categories.values())).get_parent().specific
    current = {m.key: m for m in CategoryMapping.objects.filter(supplier=supplier)}
    new, chosen = [], []
    for key, found in kinds.items():
        target = categories[next(iter(found))] if len(found) == 1 else everything
        mapping = current.get(key)
        if mapping is None:
            new.append(CategoryMapping(supplier=supplier, key=key, name=names[key], category=target))
        elif mapping.category_id is None:
            mapping.category = target
            chosen.append(mapping)
    CategoryMapping.objects.bulk_create(new)
    CategoryMapping.objects.bulk_update(chosen, ["category"])
    return len(new) + len(chosen)


def read_truth(truth_file: Path) -> dict[str, dict[str, dict]]:
    """supplier slug -> model code -> the generator's row for that model."""
    truth: dict[str, dict[str, dict]] = {}
    with open(truth_file, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                truth.setdefault(row["supplier"], {})[row["model_code"]] = row
    return truth


def english_names(truth: dict) -> int:
    """Fill in the English names feeds do not carry, where a product has none yet.

    A plain column update: the name is not marked as changed by an editor (an
    editor's English name is never empty, so it is never overwritten), and the
    product's updated_at stays, so the next sync still sees the product unchanged.
    """
    wanted = {f"{slug}:{code}": row["name_en"] for slug, rows in truth.items()
              for code, row in rows.items() if row.get("name_en")}
    products = list(Product.objects.filter(sync_id__in=wanted, name_en="").only("pk", "sync_id"))
    for product in products:
        product.name_en = wanted[product.sync_id][:255]
    Product.objects.bulk_update(products, ["name_en"], batch_size=500)
    reindex_products(p.pk for p in products)  # a running shop's cluster indexes them again
    return len(products)


def admin_user(password: str):
    """The 'admin' superuser, created or reset to `password`."""
    user, _ = get_user_model().objects.get_or_create(
        username="admin", defaults={"email": "admin@krok.example"})
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return user

"""`manage.py load_demo`: the demo store, offline, from the project's own sample feeds.

    python manage.py load_demo [--models 300] [--feeds-dir demo-feeds] [--no-images]
                               [--admin-password PASSWORD]

Safe to run again: nothing is duplicated and pages an editor changed are kept.
"""

import json
import os
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Site

from home import demo_content
from shop.models import CategoryPage, Product
from suppliers.demo_import import NAME_RULES, PROMO_WORDS, DemoImporter, ImageLibrary
from suppliers.feeds import FeedError, get_adapter
from suppliers.feeds.sample import generate
from suppliers.models import Supplier

DEFAULT_PASSWORD = "admin-demo-1"


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
        self.verbosity = options["verbosity"]
        images = not options["no_images"]
        feeds_dir = Path(options["feeds_dir"]).resolve()
        if options["models"] < 4:
            raise CommandError("--models must be at least 4 (one per supplier).")

        manifest = generate(feeds_dir, models=options["models"], seed=options["seed"],
                            day=0, images=images)
        self.step(f"Sample feeds written to {feeds_dir}", started)

        # One transaction: a failure leaves the database as it was, and SQLite
        # does not wait for the disk after every page and product.
        with transaction.atomic():
            uk, en = demo_content.locales()
            home = demo_content.home_page(uk)
            catalog, categories = demo_content.catalog_tree(home, en)
            self.step("Pages and categories", started)
            library = ImageLibrary() if images else None
            self.import_feeds(feeds_dir, manifest, categories, library)
            self.step("Products imported", started)

            demo_content.category_images(categories, en)
            banners = demo_content.banner_images(library or ImageLibrary())
            demo_content.compose_home(home, en, catalog, categories, banners)
            demo_content.info_pages(home, en)
            site = Site.objects.get(is_default_site=True)
            demo_content.site_settings(site, catalog, categories, banners["hero-new"])
            self.step("Homepage, information pages and site settings", started)

            password = (options["admin_password"] or os.environ.get("DEMO_ADMIN_PASSWORD")
                        or DEFAULT_PASSWORD)
            admin_user(password)

        self.stdout.write(
            f"Products: {Product.objects.count()} ({Product.objects.visible().count()} visible), "
            f"categories: {CategoryPage.objects.filter(locale=uk).count()}, "
            f"images: {get_image_model().objects.count()}"
        )
        self.stdout.write(self.style.SUCCESS(
            f"Admin: http://127.0.0.1:8000/admin/  login: admin  password: {password}"))
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def import_feeds(self, feeds_dir, manifest, categories, library):
        english = english_names(feeds_dir / "truth.jsonl")
        for slug, spec in manifest["suppliers"].items():
            supplier, _ = Supplier.objects.get_or_create(slug=slug, defaults={
                "name": spec["brand"],
                "default_markup_percent": Decimal(spec["suggested_markup_percent"]),
                **feed_settings(slug, spec),
            })
            importer = DemoImporter(supplier, categories, images=library,
                                    english_names=english.get(slug, {}), feeds_root=feeds_dir,
                                    brand=spec["brand"])
            adapter = get_adapter(spec["dialect"], spec["options"])
            try:
                stats = importer.load(feeds_dir / spec["file"], adapter)
            except FeedError as exc:  # the whole feed is refused; its products are unchanged
                self.stderr.write(f"  {slug}: feed rejected, nothing changed: {exc}")
                continue
            self.stdout.write(f"  {stats}")
            if self.verbosity >= 2:
                for warning in stats.feed_warnings:
                    self.stdout.write(f"    {warning}")

    def step(self, text, started):
        self.stdout.write(f"[{time.monotonic() - started:5.1f} s] {text}")


def feed_settings(slug: str, spec: dict) -> dict:
    """How the supplier-sync pipeline should read this feed, limited to the Supplier
    fields the model has, so a manager can sync a demo supplier from the admin too."""
    wanted = {"dialect": spec["dialect"], "adapter_options": spec["options"],
              "name_rules": [*NAME_RULES.get(slug, []), PROMO_WORDS]}
    fields = {f.name for f in Supplier._meta.get_fields()}
    return {name: value for name, value in wanted.items() if name in fields}


def english_names(truth_file: Path) -> dict[str, dict[str, str]]:
    """supplier slug -> model code -> English name, from the generator's truth file."""
    names: dict[str, dict[str, str]] = {}
    if not truth_file.is_file():
        return names
    with open(truth_file, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if row.get("name_en"):
                    names.setdefault(row["supplier"], {})[row["model_code"]] = row["name_en"]
    return names


def admin_user(password: str):
    """The 'admin' superuser, created or reset to `password`."""
    user, _ = get_user_model().objects.get_or_create(
        username="admin", defaults={"email": "admin@krok.example"})
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return user

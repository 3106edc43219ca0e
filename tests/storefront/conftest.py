"""A storefront in two languages: the catalog tree in Ukrainian, translated and published in English."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Locale

from home.models import SiteSettings
from tests.factories import make_catalog


@pytest.fixture(autouse=True)
def _no_wagtail_background_work(settings):
    """Wagtail queues reference-index and search-index updates on every page save; the
    storefront never reads them, and running them immediately makes each test seconds slower."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def translate(page, locale):
    """An English copy of `page`, published (its parent must already be translated)."""
    translated = page.copy_for_translation(locale)
    translated.title = f"{page.title} EN"
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def site(db):
    """{"home", "catalog", "women", "sneakers", "boots", "en": {same keys in English}}."""
    pages = make_catalog()
    english = Locale.objects.get_or_create(language_code="en")[0]
    pages["en"] = {}
    for key in ("home", "catalog", "women", "sneakers", "boots"):
        pages["en"][key] = translate(pages[key], english)
    english_home = pages["en"]["home"]
    english_home.refresh_from_db()  # its children were added since; keep treebeard's numchild right
    english_home.title = "Home"
    english_home.save_revision().publish()
    settings = SiteSettings.for_site(pages["home"].get_site())
    settings.default_seo_title = "Krok shop"
    settings.default_meta_description = "Shoes for everyone"
    settings.save()
    return pages


def make_image(title="photo", size=(120, 90), colour=(180, 90, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


@pytest.fixture
def image(db):
    return make_image()

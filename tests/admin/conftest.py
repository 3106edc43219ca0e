"""Users with and without product permissions, a small catalog, a supplier, the preview template."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from suppliers.models import Supplier
from tests.admin.helpers import make_editor
from tests.factories import make_catalog


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def boss_client(client, boss):
    client.force_login(boss)
    return client


@pytest.fixture
def editor(db):
    """Can open the admin and edit warehouses, but has no permission on products."""
    return make_editor("editor", "change_warehouse", "view_warehouse")


@pytest.fixture
def product_editor(db):
    """Can change products but not publish them."""
    return make_editor("writer", "add_product", "change_product", "view_product")


@pytest.fixture
def shopper(db):
    """Logged in, but not staff: no admin access at all."""
    return get_user_model().objects.create_user("shopper", "shopper@example.com", "pw")


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def supplier(db):
    return Supplier.objects.create(name="NewFeet", slug="newfeet", default_markup_percent=Decimal("0"))


@pytest.fixture
def product_page_template(settings, tmp_path):
    """The storefront's product template renders previews; until it exists, a stand-in does."""
    try:
        get_template("shop/product_detail.html")
    except TemplateDoesNotExist:
        (tmp_path / "shop").mkdir()
        (tmp_path / "shop" / "product_detail.html").write_text(
            "<h1>{{ product.title }}</h1><p>{{ product.current_price }}</p>", encoding="utf-8"
        )
        settings.TEMPLATES = [
            {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
        ]


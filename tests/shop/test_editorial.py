"""A sync never overwrites what an editor changed; an old draft never brings back an old price."""

from decimal import Decimal

import pytest
from wagtail.admin.panels import get_edit_handler
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from shop.models import Product
from suppliers.models import Supplier
from tests.factories import make_catalog, make_product

pytestmark = pytest.mark.django_db


def edit_form(product, **changes):
    values = {
        "name": product.name, "name_en": product.name_en, "slug": product.slug,
        "status": product.status, "brand": product.brand,
        "category": product.category_id or "", "description": rich_text(product.description),
        "description_en": rich_text(product.description_en), "seo_title": "",
        "seo_title_en": "", "meta_description": "", "meta_description_en": "",
        "supplier_price": product.supplier_price or "", "markup_percent": "",
        "sale_price": "", "compare_at_price": "", "supplier": product.supplier_id or "", "supplier_sku": "",
        "supplier_url": "", "images": inline_formset([]), "attributes": inline_formset([]),
    }
    values.update(changes)
    form_class = get_edit_handler(Product).get_form_class()
    return form_class(nested_form_data(values), instance=product, for_user=None)


def synced_product(catalog):
    supplier = Supplier.objects.create(name="Kalyna", slug="kalyna", price_rounding="none",
                                       default_markup_percent=Decimal("30"))
    product = make_product(catalog["sneakers"], name="Кросівки білі",
                           description="<p>Легкі кросівки.</p><ul><li>шкіра</li></ul>")
    product.sync_id = "kalyna:K-1"
    product.supplier, product.supplier_price = supplier, Decimal("1000")
    product.save()
    return product


def test_editing_a_synced_product_remembers_the_fields_taken_over():
    product = synced_product(make_catalog())
    form = edit_form(product, name="Кросівки білі шкіряні")
    assert form.is_valid(), form.errors
    form.save()
    product.refresh_from_db()
    assert product.manual_fields == ["name"]


def test_products_made_by_hand_do_not_track_overrides():
    product = make_product(make_catalog()["sneakers"], name="Власний товар")
    form = edit_form(product, name="Інша назва")
    assert form.is_valid(), form.errors
    form.save()
    product.refresh_from_db()
    assert product.manual_fields == []


def test_publishing_an_old_draft_keeps_the_feeds_price_and_stock():
    product = synced_product(make_catalog())
    product.name = "Чернетка з новою назвою"
    draft = product.save_revision()

    # The feed moves on after the draft was written.
    Product.objects.filter(pk=product.pk).update(
        supplier_price=Decimal("1500"), price=Decimal("1950"), current_price=Decimal("1950"),
        total_stock=0, in_stock=False,
    )
    # Publishing happens later, in another request, from the stored revision.
    Revision.objects.get(pk=draft.pk).publish()

    product.refresh_from_db()
    assert product.name == "Чернетка з новою назвою"
    assert product.supplier_price == Decimal("1500")
    assert product.current_price == Decimal("1950")
    assert product.in_stock is False


def test_a_product_an_editor_hid_stays_the_editors_choice():
    product = synced_product(make_catalog())
    form = edit_form(product, status="hidden")
    assert form.is_valid(), form.errors
    form.save()
    product.refresh_from_db()
    assert product.manual_fields == ["status"]

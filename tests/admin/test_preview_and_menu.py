"""Draft previews in the real product template, the edit page, and the admin menu."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from shop.models import Product
from tests.admin.helpers import form_data
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def edit_url(product):
    return reverse("wagtailsnippets_shop_product:edit", args=[product.pk])


def test_edit_page_renders_with_its_tabs(boss_client, catalog):
    product = make_product(catalog["boots"], name="Челсі")
    response = boss_client.get(edit_url(product))
    assert response.status_code == 200
    assert 'value="Челсі"' in response.content.decode()


def test_preview_of_unsaved_edits_renders_the_product_page(boss_client, catalog, product_page_template):
    product = make_product(catalog["boots"], name="Челсі")
    preview_url = reverse("wagtailsnippets_shop_product:preview_on_edit", args=[product.pk])
    data = form_data(boss_client.get(edit_url(product)).content.decode(), "#w-editor-form")
    data["name"] = "Челсі (чернетка)"

    state = boss_client.post(preview_url, data).json()
    assert state == {"is_valid": True, "is_available": True}
    response = boss_client.get(preview_url)

    assert response.status_code == 200
    assert "Челсі (чернетка)" in response.content.decode()
    assert Product.objects.get(pk=product.pk).name == "Челсі"  # previewing saves nothing


def test_preview_of_a_saved_draft_revision(boss_client, boss, catalog, product_page_template):
    product = make_product(catalog["boots"], name="Челсі")
    product.name = "Челсі нової колекції"
    revision = product.save_revision(user=boss)
    url = reverse("wagtailsnippets_shop_product:revisions_view", args=[product.pk, revision.pk])

    response = boss_client.get(url)

    assert response.status_code == 200
    assert "Челсі нової колекції" in response.content.decode()


def test_editor_without_product_permission_cannot_preview(client, editor, catalog, product_page_template):
    product = make_product(catalog["boots"], name="Челсі")
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_shop_product:preview_on_edit", args=[product.pk]))
    assert response.status_code in (302, 403)
    assert "Челсі" not in response.content.decode()


def menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


def test_menu_has_catalog_and_suppliers(boss):
    names = menu_names(boss)
    assert {"catalog", "suppliers"} <= names


def test_catalog_group_lists_products_attributes_and_warehouses(boss_client):
    for name in ("product", "attributedefinition", "warehouse"):
        assert boss_client.get(reverse(f"wagtailsnippets_shop_{name}:list")).status_code == 200
    assert boss_client.get(reverse("wagtailsnippets_suppliers_supplier:list")).status_code == 200


def test_editor_without_product_permission_cannot_list_products(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_shop_product:list"))
    assert response.status_code == 302  # Wagtail sends them back to the dashboard
    assert response["Location"] == reverse("wagtailadmin_home")


def test_attribute_definition_is_edited_with_its_options_inline(boss_client):
    from shop.models import AttributeDefinition

    add_url = reverse("wagtailsnippets_shop_attributedefinition:add")
    data = form_data(boss_client.get(add_url).content.decode(), "#w-editor-form")
    data = {key: value for key, value in data.items() if "__prefix__" not in key}
    data.update({
        "name": "Підбор", "slug": "heel", "filterable": "on", "show_on_tile": "on", "sort_order": "5",
        "options-TOTAL_FORMS": "1", "options-0-value": "Високий", "options-0-slug": "high",
        "options-0-keywords": "шпилька, танкетка", "options-0-ORDER": "1", "options-0-id": "",
        "options-0-DELETE": "",
    })

    response = boss_client.post(add_url, data)

    assert response.status_code == 302, response.context["form"].errors
    heel = AttributeDefinition.objects.get(slug="heel")
    assert heel.filterable and heel.show_on_tile
    assert heel.classify("чорна шпилька").slug == "high"

"""GET /api/search: hits, facets, categories, correction; the OpenAPI schema."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db


def api(client, **params):
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_hits_carry_what_a_tile_shows(client, shop, image):
    from shop.models import ProductImage

    black = shop["products"]["black"]
    black.sale_price, black.compare_at_price = 1990, 2400
    black.save()
    ProductImage.objects.create(product=black, image=image)
    data = api(client, q="чорні кросівки")
    assert data["total"] == 1 and data["query"] == "чорні кросівки"
    hit = data["hits"][0]
    assert hit["id"] == black.pk and hit["name"] == "Кросівки жіночі чорні шкіряні"
    assert hit["url"] == f"/product/{black.slug}/"
    assert hit["price"] == "1990.00" and hit["price_display"] == "1\u202f990\u00a0₴"
    assert hit["old_price"] == "2400.00" and hit["in_stock"] is True and hit["buyable"] is True
    assert hit["image"].endswith(".webp") and "fill-400x400" in hit["image"]
    assert data["search_url"] == "/search/?q=" + quote("чорні кросівки", safe="")


def test_facets_filters_and_pages(client, shop):
    data = api(client, q="кросівки", page_size=2)
    assert data["total"] == 3 and data["num_pages"] == 2 and len(data["hits"]) == 2
    colours = {v["slug"]: v["count"] for f in data["facets"] if f["slug"] == "colour" for v in f["values"]}
    assert colours == {"black": 1, "white": 1, "blue": 1}
    data = api(client, q="кросівки", colour="white")
    assert [h["name"] for h in data["hits"]] == ["Кросівки жіночі білі текстильні"]
    assert api(client, q="кросівки", page=2, page_size=2)["hits"][0]["in_stock"] is False
    assert api(client, q="кросівки", colour="nonsense", whatever="1")["total"] == 3


def test_categories_with_counts(client, shop):
    data = api(client, q="чорні")
    boots = shop["pages"]["boots"]
    assert {(c["label"], c["count"]) for c in data["categories"]} == {("Жінкам › Чоботи", 1),
                                                                       ("Жінкам › Кросівки", 1)}
    link = next(c["url"] for c in data["categories"] if c["id"] == boots.pk)
    assert link.endswith(f"&category={boots.pk}") and link.startswith("/search/?q=")
    assert api(client, q="чорні", category=boots.pk)["total"] == 1


def test_correction_and_language(client, shop):
    data = api(client, q="rhjcsdrb")
    assert data["correction"] == {"kind": "layout", "text": "кросівки", "original": "rhjcsdrb"}
    assert data["total"] == 3
    english = api(client, q="кросівки", lang="en")
    assert english["hits"][0]["url"].startswith("/en/product/")
    assert english["search_url"].startswith("/en/search/")


def test_bad_parameters_are_client_errors(client, shop):
    assert client.get("/api/search", {"q": "x", "page": "abc"}).status_code == 422
    assert client.get("/api/search", {"q": "x", "page_size": "1000"}).status_code == 422


def test_openapi_schema_and_docs(client, db):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "page", "page_size", "lang", "category"}
    assert "429" in operation["responses"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()

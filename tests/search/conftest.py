"""A small shoe catalog, indexed for search (products index as they are saved: django-q2 runs
tasks inline in tests)."""

import pytest

from search.backends import reset_backends
from tests.factories import make_catalog, make_product


@pytest.fixture(autouse=True)
def _search_settings(settings):
    """Wagtail's own background work is not under test here; the database backend is the default."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SEARCH_BACKEND = "database"
    reset_backends()
    yield
    reset_backends()


@pytest.fixture
def image(db):
    from tests.storefront.conftest import make_image

    return make_image()


@pytest.fixture
def catalog(db):
    """home > catalog > women > {Кросівки, Чоботи, Черевики, Туфлі}."""
    pages = make_catalog()
    women = pages["women"]
    women.refresh_from_db()
    from shop.models import CategoryPage

    pages["ankle"] = women.add_child(instance=CategoryPage(title="Черевики", slug="ankle-boots"))
    women.refresh_from_db()
    pages["shoes"] = women.add_child(instance=CategoryPage(title="Туфлі", slug="shoes"))
    return pages


@pytest.fixture
def shop(catalog):
    """The catalog with a few products of each kind; returns {"pages": ..., "products": {key: Product}}."""
    c = catalog
    products = {
        "black": make_product(c["sneakers"], name="Кросівки жіночі чорні шкіряні", price="2400",
                              name_en="Women's black leather sneakers", brand="Lumo",
                              options=["colour:black", "material:leather"]),
        "white": make_product(c["sneakers"], name="Кросівки жіночі білі текстильні", price="1800",
                              options=["colour:white", "material:textile"]),
        "sold_out": make_product(c["sneakers"], name="Кросівки жіночі сині замшеві", price="2100",
                                 options=["colour:blue"], sizes={"38": 0}),
        "boots": make_product(c["boots"], name="Чоботи жіночі коричневі зимові", price="3900",
                              options=["colour:brown", "season:winter"]),
        "rubber": make_product(c["boots"], name="Чоботи гумові чорні", price="900",
                               options=["colour:black"]),
        "ankle": make_product(c["ankle"], name="Черевики жіночі бежеві замшеві", price="2900",
                              options=["colour:beige"]),
        "pumps": make_product(c["shoes"], name="Туфлі-човники червоні лаковані", price="2600",
                              options=["colour:red"]),
        "hidden": make_product(c["sneakers"], name="Кросівки приховані", status="hidden"),
        "draft": make_product(c["sneakers"], name="Кросівки чернетка"),
    }
    products["draft"].unpublish()
    return {"pages": c, "products": products}

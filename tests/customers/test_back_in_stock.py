"""'Tell me when it's back': subscribing on the product page, one e-mail when stock returns."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.customers.models import BackInStockSubscription
from shop.customers.restock import notify_restocked, subscribe
from shop.models import StockRecord, Warehouse, refresh_product_stock
from suppliers.models import Supplier, SyncRun
from suppliers.sync import hooks
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def ask(client, product, email="olena@example.com", variant=None, prefix=""):
    data = {"product": product.pk, "email": email}
    if variant is not None:
        data["variant"] = variant.pk
    return client.post(f"{prefix}/back-in-stock/", data)


def restock(product, size, quantity=3):
    """A manual stock edit: the record changes, then the product is recounted (as the admin does)."""
    StockRecord.objects.filter(variant__product=product, variant__size=size).update(quantity=quantity)
    refresh_product_stock([product.pk])


def size(product, label):
    return product.variants.get(size=label)


class TestForm:
    def test_an_out_of_stock_product_offers_any_size_or_one(self, client, sold_out):
        page = client.get(sold_out.get_absolute_url()).content.decode()
        assert 'action="/back-in-stock/"' in page and "Any size" in client.get(
            "/en" + sold_out.get_absolute_url()).content.decode()
        assert f'value="{size(sold_out, "37").pk}"' in page

    def test_a_product_in_stock_offers_only_its_missing_sizes(self, client, boots):
        page = client.get("/en" + boots.get_absolute_url()).content.decode()
        form = page[page.index('action="/en/back-in-stock/"'):]
        form = form[:form.index("</form>")]
        assert f'<option value="{size(boots, "40").pk}">40<' in form
        assert f'<option value="{size(boots, "38").pk}"' not in form and "Any size" not in form

    def test_no_form_when_all_is_in_stock_or_the_product_cannot_be_ordered(self, client, catalog, sold_out):
        full = make_product(catalog["boots"], sizes={"38": 1})
        assert "back-in-stock" not in client.get(full.get_absolute_url()).content.decode()
        sold_out.status = "disabled"
        sold_out.save()
        assert "/back-in-stock/" not in client.get(sold_out.get_absolute_url()).content.decode()


class TestSubscribing:
    def test_a_subscription_is_recorded_once_whatever_the_case_of_the_email(self, client, sold_out):
        response = ask(client, sold_out, "Olena@Example.com")
        assert response.status_code == 200
        assert "olena@example.com" in response.content.decode()
        response = ask(Client(), sold_out, "OLENA@example.com ")
        assert "already asked" in Client().post("/en/back-in-stock/", {
            "product": sold_out.pk, "email": "olena@example.com"}).content.decode()
        subscription = BackInStockSubscription.objects.get()
        assert subscription.email == "olena@example.com" and subscription.variant is None

    def test_a_size_and_the_whole_product_are_different_subscriptions(self, client, sold_out):
        ask(client, sold_out)
        ask(client, sold_out, variant=size(sold_out, "38"))
        ask(client, sold_out, variant=size(sold_out, "38"))
        assert BackInStockSubscription.objects.count() == 2

    def test_a_signed_in_shopper_is_remembered(self, olena_client, olena, sold_out):
        ask(olena_client, sold_out)
        assert BackInStockSubscription.objects.get().user == olena

    @pytest.mark.parametrize("email", ["", "olena", "olena@", "@example.com", "olena@example..com",
                                       "a" * 250 + "@example.com", "olena@example.com\nBcc: x@y.z"])
    def test_bad_emails_are_refused(self, client, sold_out, email):
        response = ask(client, sold_out, email)
        assert response.status_code == 400
        assert not BackInStockSubscription.objects.exists()

    def test_bad_products_and_sizes_are_refused(self, client, catalog, boots, sold_out):
        assert client.post("/back-in-stock/", {"product": "x", "email": "o@example.com"}).status_code == 400
        assert client.post("/back-in-stock/", {"product": 99999, "email": "o@example.com"}).status_code == 400
        # A size of another product.
        assert ask(client, sold_out, variant=size(boots, "40")).status_code == 400
        hidden = make_product(catalog["boots"], sizes={"38": 0}, status="hidden")
        assert ask(client, hidden).status_code == 400
        assert not BackInStockSubscription.objects.exists()

    def test_what_is_in_stock_needs_no_subscription(self, client, boots):
        response = client.post("/en/back-in-stock/", {"product": boots.pk, "email": "o@example.com",
                                                      "variant": size(boots, "38").pk})
        assert response.status_code == 400 and "in stock right now" in response.content.decode()
        assert ask(client, boots).status_code == 400  # any size: some are in stock
        assert ask(client, boots, variant=size(boots, "40")).status_code == 200

    def test_the_form_needs_csrf(self, csrf_client, sold_out):
        assert ask(csrf_client, sold_out).status_code == 403
        assert csrf_client.get("/back-in-stock/").status_code in (403, 405)
        assert not BackInStockSubscription.objects.exists()


class TestNotifying:
    def test_a_product_subscription_fires_once_when_any_size_returns(
            self, sold_out, mailoutbox, django_capture_on_commit_callbacks):
        subscription, _ = subscribe(email="olena@example.com", product=sold_out)
        with django_capture_on_commit_callbacks(execute=True):
            restock(sold_out, "37")
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == ["olena@example.com"] and "Кеди білі" in message.subject
        assert sold_out.get_absolute_url() in message.body
        subscription.refresh_from_db()
        assert subscription.notified_at is not None and not subscription.is_open
        with django_capture_on_commit_callbacks(execute=True):
            restock(sold_out, "38")
            restock(sold_out, "37", 0)
            restock(sold_out, "37", 5)
        assert len(mailoutbox) == 1  # closed: never a second letter

    def test_a_size_subscription_waits_for_its_own_size(self, boots, mailoutbox,
                                                        django_capture_on_commit_callbacks):
        subscribe(email="olena@example.com", product=boots, variant=size(boots, "40"))
        with django_capture_on_commit_callbacks(execute=True):
            restock(boots, "38", 10)
        assert mailoutbox == []
        with django_capture_on_commit_callbacks(execute=True):
            restock(boots, "40", 1)
        assert len(mailoutbox) == 1 and "40" in mailoutbox[0].body

    def test_every_subscriber_gets_one_letter_in_their_language(self, client, sold_out, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
        ask(client, sold_out, "olena@example.com")
        ask(client, sold_out, "john@example.com", prefix="/en")
        ask(client, sold_out, "petro@example.com", variant=size(sold_out, "37"))
        with django_capture_on_commit_callbacks(execute=True):
            restock(sold_out, "37")
        letters = {m.to[0]: m for m in mailoutbox}
        assert sorted(letters) == ["john@example.com", "olena@example.com", "petro@example.com"]
        assert "back in stock" in letters["john@example.com"].subject
        assert "/en/product/" in letters["john@example.com"].body
        assert "знову в наявності" in letters["olena@example.com"].subject

    def test_a_hidden_product_never_notifies(self, sold_out, mailoutbox, django_capture_on_commit_callbacks):
        subscription, _ = subscribe(email="olena@example.com", product=sold_out)
        sold_out.status = "hidden"
        sold_out.save()
        with django_capture_on_commit_callbacks(execute=True):
            restock(sold_out, "37")
        assert mailoutbox == []
        subscription.refresh_from_db()
        assert subscription.is_open

    def test_a_supplier_sync_notifies(self, catalog, mailoutbox, django_capture_on_commit_callbacks):
        supplier = Supplier.objects.create(name="NewFeet", slug="newfeet",
                                           default_markup_percent=Decimal("0"))
        warehouse = Warehouse.objects.get(supplier=supplier)  # every supplier has its warehouse
        product = make_product(catalog["boots"], sizes={"41": 0})
        subscribe(email="olena@example.com", product=product)
        # The sync writes its warehouse in bulk, then announces the products once.
        StockRecord.objects.create(variant=size(product, "41"), warehouse=warehouse, quantity=4)
        run = SyncRun.objects.create(supplier=supplier)
        with django_capture_on_commit_callbacks(execute=True):
            hooks.products_changed({product.pk}, run=run)
        assert [m.to for m in mailoutbox] == [["olena@example.com"]]

    def test_nothing_is_sent_if_the_stock_change_is_rolled_back(self, sold_out, mailoutbox,
                                                                django_capture_on_commit_callbacks):
        subscribe(email="olena@example.com", product=sold_out)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            restock(sold_out, "37")
        assert mailoutbox == []  # queued for the commit, which never comes
        for callback in callbacks:  # had it committed, the letter would have gone
            callback()
        assert [m.to for m in mailoutbox] == [["olena@example.com"]]

    def test_after_a_letter_a_shopper_may_subscribe_again(self, client, sold_out, mailoutbox,
                                                          django_capture_on_commit_callbacks):
        ask(client, sold_out)
        with django_capture_on_commit_callbacks(execute=True):
            restock(sold_out, "37")
            restock(sold_out, "37", 0)
        assert ask(client, sold_out).status_code == 200
        assert BackInStockSubscription.objects.filter(queued_at__isnull=True).count() == 1

    def test_the_check_costs_the_same_queries_for_one_product_or_many(self, catalog):
        products = [make_product(catalog["boots"], sizes={"38": 0, "39": 0}) for _ in range(12)]
        for n, product in enumerate(products):
            subscribe(email=f"s{n}@example.com", product=product)
            subscribe(email=f"s{n}@example.com", product=product, variant=size(product, "39"))
        StockRecord.objects.filter(variant__product__in=products).update(quantity=1)

        with CaptureQueriesContext(connection) as one:
            assert notify_restocked([products[0].pk]) == 2
        with CaptureQueriesContext(connection) as many:
            assert notify_restocked([p.pk for p in products[1:]]) == 22
        with CaptureQueriesContext(connection) as none_due:
            assert notify_restocked([p.pk for p in products]) == 0
        assert len(many) == len(one)
        assert len(none_due) <= len(one)

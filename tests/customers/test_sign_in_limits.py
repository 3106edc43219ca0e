"""Failed sign-ins are limited: 5 per e-mail and 20 per address in 15 minutes."""

import pytest
from django.test import Client

from shop.customers import ratelimit

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, email="olena@example.com", password="wrong-password", ip="10.0.0.1"):
    return client.post("/account/sign-in/", {"email": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit, "_now", lambda: now[0])
    return now


def test_five_wrong_passwords_lock_the_email_even_with_the_right_password(client, olena, clock):
    for _ in range(5):
        assert attempt(client).status_code == 400
    response = attempt(client, password=PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "Забагато невдалих спроб входу. Спробуйте знову через 15 хвилин" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_email_in_any_case_and_from_any_address(olena, clock):
    for n in range(5):
        attempt(Client(), email="OLENA@example.com", ip=f"10.0.0.{n}")
    assert attempt(Client(), password=PASSWORD, ip="10.9.9.9").status_code == 429


def test_the_lock_lifts_after_the_window(client, olena, clock):
    for _ in range(5):
        attempt(client)
    clock[0] += 10 * 60
    response = attempt(client, password=PASSWORD)
    assert response.status_code == 429 and int(response["Retry-After"]) == 5 * 60
    clock[0] += 5 * 60 + 1
    assert attempt(client, password=PASSWORD).status_code == 302


def test_a_right_password_clears_the_email_count(client, olena, clock):
    for _ in range(4):
        attempt(client)
    assert attempt(client, password=PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client).status_code == 400
    assert attempt(client, password=PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_that_address_for_every_email(client, olena, clock):
    for n in range(20):
        assert attempt(client, email=f"guess{n}@example.com").status_code == 400
    assert attempt(client, password=PASSWORD).status_code == 429
    # Another address is not affected.
    assert attempt(Client(), password=PASSWORD, ip="10.0.0.2").status_code == 302


def test_blank_or_malformed_input_is_not_counted_as_a_guess(client, olena, clock):
    for _ in range(10):
        assert client.post("/account/sign-in/", {"email": "olena@example.com"}).status_code == 400
    assert attempt(client, password=PASSWORD).status_code == 302


@pytest.mark.parametrize("login_url", ["/admin/login/", "/django-admin/login/"])
def test_admin_sign_in_is_limited_like_the_storefront(client, clock, login_url, django_user_model):
    django_user_model.objects.create_superuser("manager", "manager@example.com", "Right-pass-123")

    def admin_attempt(password, ip="10.0.0.1"):
        client.post(login_url, {"username": "manager", "password": password}, REMOTE_ADDR=ip)
        return "_auth_user_id" in client.session

    for n in range(5):
        assert not admin_attempt(f"guess-{n}")
    assert not admin_attempt("Right-pass-123", ip="10.0.0.7")  # locked: the right one fails too
    clock[0] += 15 * 60 + 1
    assert admin_attempt("Right-pass-123")


def test_guessing_many_names_from_one_address_locks_that_address(client, clock, django_user_model):
    django_user_model.objects.create_superuser("manager", "manager@example.com", "Right-pass-123")
    for n in range(20):
        client.post("/admin/login/", {"username": f"name{n}", "password": "x"}, REMOTE_ADDR="10.0.0.1")
    right = {"username": "manager", "password": "Right-pass-123"}
    client.post("/admin/login/", right, REMOTE_ADDR="10.0.0.1")
    assert "_auth_user_id" not in client.session
    client.post("/admin/login/", right, REMOTE_ADDR="10.0.0.2")
    assert "_auth_user_id" in client.session


def test_password_reset_mails_are_capped_per_email_and_per_address(client, olena, mailoutbox, monkeypatch):
    import core.ratelimit

    monkeypatch.setattr(core.ratelimit, "_now", lambda: 1_800_000_030.0)
    for _ in range(5):
        response = client.post("/account/password/reset/", {"email": "olena@example.com"})
        assert response["Location"] == "/account/password/reset/sent/"  # the same answer every time
    assert len(mailoutbox) == 3


def test_password_reset_mails_are_capped_per_address(client, olena, mailoutbox, monkeypatch):
    import core.ratelimit

    monkeypatch.setattr(core.ratelimit, "_now", lambda: 1_800_000_030.0)
    for n in range(10):  # one address asking for many inboxes
        client.post("/account/password/reset/", {"email": f"someone{n}@example.com"}, REMOTE_ADDR="10.0.0.9")
    client.post("/account/password/reset/", {"email": "olena@example.com"}, REMOTE_ADDR="10.0.0.9")
    assert mailoutbox == []
    client.post("/account/password/reset/", {"email": "olena@example.com"}, REMOTE_ADDR="10.0.0.8")
    assert len(mailoutbox) == 1

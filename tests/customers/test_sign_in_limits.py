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

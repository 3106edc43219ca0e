"""Sign-up, sign-in by e-mail, sign-out, password reset and e-mail verification."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from shop.customers import verification
from shop.customers.models import CustomerProfile
from shop.customers.signals import email_verified

from .conftest import PASSWORD, csrf_token

pytestmark = pytest.mark.django_db
User = get_user_model()


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.fixture
def received():
    """What email_verified announced during the test."""
    calls = []

    def listener(sender, user, email, **kwargs):
        calls.append((user.pk, email))

    email_verified.connect(listener, dispatch_uid="test-listener")
    yield calls
    email_verified.disconnect(dispatch_uid="test-listener")


def test_sign_up_creates_the_account_and_its_link_signs_in_and_confirms(client, mailoutbox):
    response = client.post("/account/sign-up/", {
        "email": "  Taras.Shevchenko@Example.COM ", "first_name": "Тарас", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/sign-up/sent/"
    assert "taras.shevchenko@example.com" in client.get("/account/sign-up/sent/").content.decode()
    user = User.objects.get()
    assert user.email == "taras.shevchenko@example.com"
    assert user.username == "tarasshevchenko" and user.first_name == "Тарас"
    assert client.get("/account/").status_code == 302  # not signed in until the link is opened
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["taras.shevchenko@example.com"]

    opened = client.get(link_in(mailoutbox[0]))
    assert opened.status_code == 302 and opened["Location"] == "/account/"
    assert client.get("/account/").context["user"] == user
    assert CustomerProfile.objects.get(user=user).email_verified


def test_the_password_signs_in_before_the_link_is_opened(client, mailoutbox):
    client.post("/account/sign-up/", {"email": "oksana@example.com", "password": PASSWORD})
    response = client.post("/account/sign-in/", {"email": "oksana@example.com", "password": PASSWORD})
    assert response.status_code == 302 and client.get("/account/").status_code == 200


def test_usernames_are_derived_and_never_collide(client, olena):
    client.post("/account/sign-up/", {"email": "olena@other.ua", "password": PASSWORD})
    assert User.objects.get(email="olena@other.ua").username == "olena-2"


@pytest.mark.parametrize("email", ["OLENA@example.com", "olena@EXAMPLE.com "])
def test_a_known_address_signing_up_reveals_nothing_and_tells_its_owner(client, olena, email, mailoutbox):
    stranger = Client()
    known = client.post("/account/sign-up/", {"email": email, "password": PASSWORD})
    new = stranger.post("/account/sign-up/", {"email": "nobody@example.com", "password": PASSWORD})
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert client.get(known["Location"]).content.decode().replace(email.strip().lower(), "@") == \
        stranger.get(new["Location"]).content.decode().replace("nobody@example.com", "@")
    assert User.objects.filter(email__iexact="olena@example.com").count() == 1

    to_olena = next(m for m in mailoutbox if m.to == ["olena@example.com"])
    assert "/account/sign-in/" in to_olena.body and "/account/password/reset/" in to_olena.body
    assert "/account/verify/" not in to_olena.body
    assert CustomerProfile.objects.get(user=olena).email_verified is False
    assert client.get("/account/").status_code == 302  # the form signed nobody in


@pytest.mark.parametrize("data, field", [
    ({"email": "not-an-email", "password": PASSWORD}, "email"),
    ({"email": "a@b", "password": PASSWORD}, "email"),
    ({"email": "", "password": PASSWORD}, "email"),
    ({"email": "petro@example.com", "password": "123"}, "password"),
    ({"email": "petro@example.com", "password": "password"}, "password"),
    ({"email": "petro@example.com", "password": "petro@example.com"}, "password"),
])
def test_bad_sign_up_input_is_refused_and_creates_nothing(client, data, field, mailoutbox):
    response = client.post("/account/sign-up/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == 0 and mailoutbox == []


def test_sign_in_by_email_in_any_case(client, olena):
    response = client.post("/account/sign-in/", {"email": "OLENA@Example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").context["user"] == olena


def test_sign_in_goes_back_to_a_safe_next_page_only(client, olena):
    response = client.post("/account/sign-in/", {
        "email": "olena@example.com", "password": PASSWORD, "next": "/account/lists/"})
    assert response["Location"] == "/account/lists/"
    client.logout()
    response = client.post("/account/sign-in/", {
        "email": "olena@example.com", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/account/"


@pytest.mark.parametrize("email, password", [
    ("olena@example.com", "wrong-password"),
    ("nobody@example.com", PASSWORD),
    ("olena@example.com", ""),
    ("olena", PASSWORD),
])
def test_wrong_credentials_say_so_and_do_not_sign_in(client, olena, email, password):
    response = client.post("/account/sign-in/", {"email": email, "password": password})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    if password and "@" in email:
        assert "Неправильна електронна адреса або пароль." in response.content.decode()


def test_an_inactive_account_cannot_sign_in(client, olena):
    olena.is_active = False
    olena.save()
    response = client.post("/account/sign-in/", {"email": "olena@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_staff_still_sign_in_to_the_admin_by_username(client):
    User.objects.create_superuser("boss", "boss@example.com", "pw-boss-123")
    assert client.login(username="boss", password="pw-boss-123")


def test_sign_out_is_a_post_and_ends_the_session(olena_client):
    assert olena_client.get("/account/sign-out/").status_code == 405
    response = olena_client.post("/account/sign-out/")
    assert response.status_code == 302
    assert olena_client.get("/account/")["Location"].startswith("/account/sign-in/")


def test_sign_in_form_requires_csrf(csrf_client, olena):
    response = csrf_client.post("/account/sign-in/", {"email": "olena@example.com", "password": PASSWORD})
    assert response.status_code == 403
    token = csrf_token(csrf_client)
    response = csrf_client.post("/account/sign-in/", {
        "email": "olena@example.com", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_account_pages_need_a_signed_in_shopper(client):
    for url in ["/account/", "/account/addresses/", "/account/password/change/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/?next=")
    assert client.get("/en/account/")["Location"].startswith("/en/account/sign-in/")


def test_header_shows_sign_in_or_my_account(client, catalog, olena_client):
    assert 'href="/account/sign-in/"' in client.get("/account/sign-in/").content.decode()
    assert 'href="/account/">' in olena_client.get("/account/lists/").content.decode()


def test_password_reset_by_email_sets_a_new_password(client, olena, mailoutbox):
    response = client.post("/account/password/reset/", {"email": "Olena@Example.com"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert len(mailoutbox) == 1
    link = link_in(mailoutbox[0])
    response = client.get(link)  # Django swaps the token for a session marker
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": "nova-parol-2025", "new_password2": "nova-parol-2025"})
    assert response["Location"] == "/account/password/reset/done/"
    assert client.post("/account/sign-in/", {"email": "olena@example.com",
                                             "password": "nova-parol-2025"}).status_code == 302
    # The link is spent.
    assert "не працює" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_says_nothing_sends_nothing(client, mailoutbox):
    response = client.post("/account/password/reset/", {"email": "ghost@example.com"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert mailoutbox == []


def test_verification_link_confirms_the_address_and_announces_it_once(olena_client, olena, received):
    client = olena_client  # signed in already (a link asked for from the account page)
    token = verification.make_token(olena)
    response = client.get(f"/account/verify/{token}/")
    assert response.status_code == 200 and "підтверджено" in response.content.decode()
    assert CustomerProfile.objects.get(user=olena).email_verified
    assert received == [(olena.pk, "olena@example.com")]
    client.get(f"/account/verify/{token}/")  # opened twice: no second announcement
    assert len(received) == 1


def test_sign_up_link_from_the_email_works_in_another_browser(client, mailoutbox, received):
    client.post("/account/sign-up/", {"email": "iryna@example.com", "password": PASSWORD})
    phone = Client()
    assert phone.get(link_in(mailoutbox[0])).status_code == 302
    assert received == [(User.objects.get().pk, "iryna@example.com")]
    assert Client().get(link_in(mailoutbox[0])).status_code == 200  # used once: it confirms, no sign-in


@pytest.mark.parametrize("make_link", [
    lambda user: "garbage",
    lambda user: verification.make_token(user)[:-2] + "xx",
    lambda user: signing.dumps({"u": user.pk, "e": user.email}, salt="another-salt"),
    lambda user: signing.dumps({"u": 999999, "e": user.email}, salt=verification.SALT),
])
def test_bad_verification_links_change_nothing(client, olena, received, make_link):
    response = client.get(f"/account/verify/{make_link(olena)}/")
    assert response.status_code == 400
    assert not CustomerProfile.objects.get(user=olena).email_verified and received == []


def test_an_expired_link_is_refused(client, olena, received, monkeypatch):
    token = verification.make_token(olena)
    monkeypatch.setattr(verification, "MAX_AGE", -1)
    assert client.get(f"/account/verify/{token}/").status_code == 400
    assert received == []


def test_a_link_for_an_old_address_does_not_verify_the_new_one(client, olena, received):
    token = verification.make_token(olena)
    olena.email = "olena.new@example.com"
    olena.save()
    assert client.get(f"/account/verify/{token}/").status_code == 400
    assert received == []


def test_resend_verification_from_the_account_page(olena_client, mailoutbox):
    page = olena_client.get("/account/").content.decode()
    assert "ще не підтверджено" in page
    olena_client.post("/account/verify/resend/")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["olena@example.com"]


def test_profile_name_can_be_changed(olena_client, olena):
    olena_client.post("/account/", {"first_name": "Олена", "last_name": "Пчілка"})
    olena.refresh_from_db()
    assert olena.last_name == "Пчілка"


def test_english_pages_speak_english_and_ukrainian_ones_ukrainian(client):
    assert "Sign in" in client.get("/en/account/sign-in/").content.decode()
    assert "Увійти" in client.get("/account/sign-in/").content.decode()


def test_password_change_needs_the_old_password(olena_client, olena):
    response = olena_client.post("/account/password/change/", {
        "old_password": "not-my-password", "new_password1": "insha-parol-2025",
        "new_password2": "insha-parol-2025"})
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    response = olena_client.post("/account/password/change/", {
        "old_password": PASSWORD, "new_password1": "insha-parol-2025", "new_password2": "insha-parol-2025"})
    assert response["Location"] == "/account/"
    assert olena_client.get("/account/").status_code == 200  # still signed in
    olena.refresh_from_db()
    assert olena.check_password("insha-parol-2025")


def test_an_address_of_a_staff_account_cannot_get_a_second_account(client, mailoutbox):
    User.objects.create_user("manager", "Manager@Example.com", PASSWORD)  # made in the admin: no profile
    client.post("/account/sign-up/", {"email": "manager@example.com", "password": PASSWORD})
    assert User.objects.filter(email__iexact="manager@example.com").count() == 1
    assert [m.subject for m in mailoutbox] == ["Ви вже маєте обліковий запис"]

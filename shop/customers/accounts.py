"""Accounts on Django's User: e-mail is the login, unique case-insensitively; usernames are derived."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import CustomerProfile

USERNAME_MAX = 150


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_taken(email: str, *, exclude_user=None) -> bool:
    """Someone else signs in with this address already (any case)."""
    email = normalise_email(email)
    users = get_user_model().objects.filter(email__iexact=email)
    profiles = CustomerProfile.objects.filter(email=email)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
        profiles = profiles.exclude(user=exclude_user)
    return users.exists() or profiles.exists()


def derive_username(email: str) -> str:
    """A free username from the e-mail's local part: olena.k@x.ua -> olena-k, olena-k-2, ..."""
    User = get_user_model()
    base = (slugify(email.split("@")[0]) or "shopper")[:USERNAME_MAX - 8]
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class EmailTaken(Exception):
    pass


def create_account(*, email: str, password: str, first_name: str = "") -> "get_user_model()":
    """A new shopper account; raises EmailTaken if the address has an account (the profile's
    unique address also catches one made at the same moment)."""
    email = normalise_email(email)
    if email_taken(email):
        raise EmailTaken(email)
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=derive_username(email), email=email, password=password, first_name=first_name)
            CustomerProfile.objects.create(user=user, email=email)
    except IntegrityError as error:
        raise EmailTaken(email) from error
    return user


def profile_for(user) -> CustomerProfile:
    """The user's profile, created for accounts made elsewhere (admin, createsuperuser)."""
    try:
        return user.customer_profile
    except CustomerProfile.DoesNotExist:
        profile, _ = CustomerProfile.objects.get_or_create(
            user=user, defaults={"email": normalise_email(user.email) or f"user-{user.pk}@invalid"})
        return profile

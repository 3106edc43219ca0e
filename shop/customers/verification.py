"""E-mail verification by a signed link: the signature carries the user and the address it proves."""

from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .accounts import normalise_email, profile_for
from .models import CustomerProfile
from .signals import email_verified

SALT = "customers.verify-email"
MAX_AGE = 3 * 24 * 3600  # a link works for three days


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": normalise_email(user.email)}, salt=SALT, compress=True)


def verification_url(request, user) -> str:
    return request.build_absolute_uri(reverse("customers:verify_email", args=[make_token(user)]))


def send_verification(request, user) -> None:
    context = {"user": user, "url": verification_url(request, user)}
    send_mail(
        _("Confirm your e-mail address"),
        render_to_string("customers/email/verify_email.txt", context, request=request),
        None, [user.email],
    )


def send_account_exists(request, email: str) -> None:
    """Someone signed up with an address that has an account: tell its owner, nobody else."""
    context = {"sign_in_url": request.build_absolute_uri(reverse("customers:login")),
               "reset_url": request.build_absolute_uri(reverse("customers:password_reset"))}
    send_mail(
        _("You already have an account"),
        render_to_string("customers/email/account_exists.txt", context, request=request),
        None, [email],
    )


class BadLink(Exception):
    pass


def verify(token: str):
    """Mark the address in the link verified; its user, and whether this use verified it (the first
    use). BadLink if the link is not valid now.

    Only the first use announces `email_verified` (guest orders attach to the account then).
    """
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        user = get_user_model().objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist) as error:
        raise BadLink from error
    email = data.get("e")
    if normalise_email(user.email) != email:
        raise BadLink  # the account's address changed since the link was sent
    profile = profile_for(user)
    claimed = 0
    if profile.email_verified_at is None:
        # Conditional update: of two simultaneous clicks only one sends the signal.
        claimed = CustomerProfile.objects.filter(pk=profile.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now())
        if claimed:
            email_verified.send(sender=CustomerProfile, user=user, email=email)
    return user, bool(claimed)

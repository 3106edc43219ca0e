"""Sign-in by e-mail address (any case) with Django's User, and the limit in front of every
sign-in form (storefront, Wagtail admin, Django admin)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied

from . import ratelimit
from .accounts import normalise_email


class SignInLimitBackend(BaseBackend):
    """First in AUTHENTICATION_BACKENDS: while an e-mail, a user name or an address is over its
    limit of failed sign-ins, no backend checks any password, the right one included.
    Failures are counted from Django's user_login_failed signal (shop.customers.receivers)."""

    def authenticate(self, request, username=None, email=None, **kwargs):
        if request is not None and ratelimit.retry_after(request, email or username or ""):
            raise PermissionDenied  # authenticate() stops here and reports a failed sign-in
        return None

    def get_user(self, user_id):
        # Being first, this is the backend Django's login() records when none is named (force_login
        # in tests, sign-ins that pass no backend); the session must still find its user.
        return ModelBackend().get_user(user_id)


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = normalise_email(email or username)
        if not email or "@" not in email or password is None:
            return None
        users = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if len(users) != 1:
            # Nobody, or an ambiguous address (accounts made outside the shop): refuse, but spend
            # the hashing time anyway so a miss is not faster than a wrong password.
            get_user_model()().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

"""Sign-in by e-mail address (any case) with Django's User."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .accounts import normalise_email


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

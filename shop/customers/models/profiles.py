"""What the shop knows about an account beyond Django's User: its canonical e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerProfile(models.Model):
    """One per storefront account.

    `email` is the account's address lower-cased; its unique index is what makes
    e-mails unique case-insensitively (auth_user's own column is not ours to constrain).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="customer_profile", verbose_name=_("user"))
    email = models.EmailField(unique=True, verbose_name=_("email"))
    email_verified_at = models.DateTimeField(null=True, blank=True, verbose_name=_("email verified at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name_plural = _("customer profiles")
        verbose_name = _("customer profile")

    def __str__(self):
        return self.email

    @property
    def email_verified(self):
        return self.email_verified_at is not None

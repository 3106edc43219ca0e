"""Shopping lists (seed 001): several named lists per shopper, anonymous ones by session.

A list is addressed by `token` in its owner's URLs and by a separate `share_token`
in the read-only shared link, so sharing a list never hands out the right to edit it.
Neither is a sequential id.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


def new_token():
    return secrets.token_urlsafe(24)


class ShoppingListQuerySet(models.QuerySet):
    def owned_by(self, owner):
        """Lists of a ListOwner (shop.customers.lists.ListOwner): a user or a session token."""
        if owner.user_id:
            return self.filter(user_id=owner.user_id)
        if owner.session_token:
            return self.filter(user__isnull=True, session_token=owner.session_token)
        return self.none()


class ShoppingList(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="shopping_lists", verbose_name=_("user"))
    # The anonymous owner: a random token kept in the visitor's session. Empty once a user owns it.
    session_token = models.CharField(max_length=64, blank=True, db_index=True,
        verbose_name=_("session token"))
    name = models.CharField(_("name"), max_length=80)
    is_default = models.BooleanField(default=False, verbose_name=_("is default"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
        verbose_name=_("token"))
    share_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
        verbose_name=_("share token"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = ShoppingListQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("shopping lists")
        ordering = ["-is_default", "created_at"]
        verbose_name = _("shopping list")
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(session_token=""),
                                   name="customers_list_has_owner"),
            models.UniqueConstraint(fields=["user", "name"], condition=Q(user__isnull=False),
                                    name="customers_list_name_per_user"),
            models.UniqueConstraint(fields=["session_token", "name"], condition=Q(user__isnull=True),
                                    name="customers_list_name_per_session"),
            models.UniqueConstraint(fields=["user"], condition=Q(user__isnull=False, is_default=True),
                                    name="customers_one_default_list_per_user"),
            models.UniqueConstraint(fields=["session_token"], condition=Q(user__isnull=True, is_default=True),
                                    name="customers_one_default_list_per_session"),
        ]

    def __str__(self):
        return self.name


class ListItem(models.Model):
    shopping_list = models.ForeignKey(ShoppingList, on_delete=models.CASCADE, related_name="items",
        verbose_name=_("shopping list"))
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("product"))
    # What the shopper paid attention to: the price shown when they saved it.
    price_when_added = models.DecimalField(**MONEY, verbose_name=_("price when added"))
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        verbose_name = _("list item")
        verbose_name_plural = _("list items")
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["shopping_list", "product"], name="customers_item_once_per_list"),
        ]

    def __str__(self):
        return f"{self.product} in {self.shopping_list}"

    @property
    def price_drop(self):
        """How much cheaper the product is now than when it was saved (None if not cheaper)."""
        now = self.product.current_price
        return self.price_when_added - now if now < self.price_when_added else None

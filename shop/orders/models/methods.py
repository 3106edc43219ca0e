"""How an order travels and how it is paid for; editors manage both as snippets."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from shop.i18n import localized
from shop.orders.online_payment import provider_choices

MONEY = {"max_digits": 12, "decimal_places": 2}


class DeliveryMethod(models.Model):
    class Needs(models.TextChoices):
        BRANCH = "branch", _("A carrier's branch")
        ADDRESS = "address", _("A street address")
        NOTHING = "nothing", _("Nothing (pickup)")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    name_en = models.CharField(max_length=120, blank=True, verbose_name=_("name (English)"))
    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    needs = models.CharField(max_length=10, choices=Needs.choices, default=Needs.BRANCH,
        verbose_name=_("needs"))
    price = models.DecimalField(**MONEY, default=Decimal("0"), verbose_name=_("price"))
    free_over = models.DecimalField(
        **MONEY, null=True, blank=True, help_text=_("Free when the goods cost at least this much."),
        verbose_name=_("free over"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("sort order"))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("code"), FieldPanel("needs")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("free_over")]),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name_plural = _("delivery methods")
        ordering = ["sort_order", "name"]
        verbose_name = _("delivery method")

    def __str__(self):
        return self.name

    @property
    def title(self):
        return localized(self, "name")

    def cost_for(self, goods_total: Decimal) -> Decimal:
        if self.free_over is not None and goods_total >= self.free_over:
            return Decimal("0.00")
        return self.price


class PaymentMethod(models.Model):
    class Kind(models.TextChoices):
        CASH_ON_DELIVERY = "cod", _("Cash on delivery")
        BANK_TRANSFER = "bank", _("Bank transfer")
        CARD_ONLINE = "card", _("Card online")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    name_en = models.CharField(max_length=120, blank=True, verbose_name=_("name (English)"))
    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    # Which payment provider takes a "card online" payment; the codes come from the app named by
    # ORDER_ONLINE_PAYMENTS (shop.orders.online_payment), so shop knows no provider by name.
    provider = models.CharField(max_length=20, blank=True,
                                help_text=_("For card online: the payment provider's code, e.g. liqpay."),
                                verbose_name=_("provider"))
    instructions = models.TextField(blank=True, help_text=_("Shown after the order is placed and e-mailed."),
        verbose_name=_("instructions"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("sort order"))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind"), FieldPanel("provider")]),
        FieldPanel("instructions"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name_plural = _("payment methods")
        ordering = ["sort_order", "name"]
        verbose_name = _("payment method")

    def __str__(self):
        return self.name

    @property
    def title(self):
        return localized(self, "name")

    def clean(self):
        choices = provider_choices()
        if self.kind == self.Kind.CARD_ONLINE and self.provider not in choices:
            raise ValidationError({"provider": _("Choose one of: %(codes)s.") % {
                "codes": ", ".join(choices) or _("none (online payments are not set up)")}})
        if self.kind != self.Kind.CARD_ONLINE:
            self.provider = ""

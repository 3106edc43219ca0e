"""Nova Poshta's directory of cities and branches, stored here and refreshed daily.

Checkout searches these tables, never the API: the directory is large (tens of thousands of
branches and postomats) and a shopper's every keystroke must not become a remote call."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def search_key(text: str) -> str:
    """Case-folded in Python: SQLite's LIKE folds only ASCII, so Cyrillic must be folded here."""
    return " ".join((text or "").casefold().replace("’", "'").replace("ʼ", "'").split())


class NovaPoshtaCity(models.Model):
    ref = models.CharField(_("Nova Poshta id"), max_length=36, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_ru = models.CharField(_("name in Russian"), max_length=150, blank=True)
    area = models.CharField(_("region"), max_length=150, blank=True)
    kind = models.CharField(pgettext_lazy("settlement", "kind"), max_length=60, blank=True)
    search_name = models.CharField(_("search key"), max_length=150, db_index=True)
    active = models.BooleanField(_("active"), default=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        ordering = ["name", "area"]
        verbose_name = _("Nova Poshta city")
        verbose_name_plural = _("Nova Poshta cities")

    def __str__(self):
        return f"{self.name} ({self.area})" if self.area else self.name


class NovaPoshtaWarehouse(models.Model):
    class Kind(models.TextChoices):
        BRANCH = "branch", pgettext_lazy("nova poshta", "Branch")
        POSTOMAT = "postomat", _("Postomat")

    ref = models.CharField(_("Nova Poshta id"), max_length=36, unique=True)
    city_ref = models.CharField(_("city id"), max_length=36, db_index=True)
    number = models.PositiveIntegerField(_("number"), default=0)
    name = models.CharField(_("name"), max_length=255)
    # What the shopper picks and the order keeps (Order.branch holds 120 characters).
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(pgettext_lazy("branch", "kind"), max_length=10, choices=Kind.choices,
                            default=Kind.BRANCH)
    max_weight = models.PositiveIntegerField(_("maximum weight"), default=0,
                                             help_text=_("Kilograms per seat; 0 if not stated."))
    active = models.BooleanField(_("active"), default=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        ordering = ["city_ref", "number", "pk"]
        verbose_name = _("Nova Poshta branch")
        verbose_name_plural = _("Nova Poshta branches")

    def __str__(self):
        return self.label

"""Admin forms: start a job on one product, or on every product of a supplier or category
that lacks a text."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aicontent.models import Kind
from shop.models import CategoryPage, Product
from suppliers.models import Supplier

# Which products "lack" each kind of text.
MISSING = {
    Kind.DESCRIPTION: Q(description="") | Q(description="<p></p>"),
    Kind.SEO: Q(seo_title="") | Q(meta_description=""),
    Kind.TRANSLATION: Q(name_en="") | Q(description_en=""),
}

MISSING_LABEL = {
    Kind.DESCRIPTION: _("a description"),
    Kind.SEO: _("SEO text"),
    Kind.TRANSLATION: _("an English translation"),
}


class PublishField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False, label=_("Publish when done"),
            help_text=_("Publish each product as soon as its text is written. Leave it unticked "
                        "to review the drafts first."), **kwargs)


class StartForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect, label=_("What to write"))
    publish = PublishField()

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]


class BulkForm(forms.Form):
    publish = PublishField()


class MissingTextForm(StartForm):
    supplier = forms.ModelChoiceField(Supplier.objects.order_by("name"), required=False,
                                      label=pgettext_lazy("aicontent", "Supplier"))
    category = forms.ModelChoiceField(CategoryPage.objects.order_by("path"), required=False,
                                      label=pgettext_lazy("aicontent", "Category"),
                                      help_text=_("Its subcategories included."))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("supplier") and not cleaned.get("category"):
            raise forms.ValidationError(_("Choose a supplier or a category."))
        return cleaned

    def products(self):
        """The chosen supplier's / category's products that lack the chosen text."""
        data = self.cleaned_data
        queryset = Product.objects.filter(MISSING[Kind(data["kind"])])
        if data.get("supplier"):
            queryset = queryset.filter(supplier=data["supplier"])
        if data.get("category"):
            queryset = queryset.filter(category__path__startswith=data["category"].path)
        return queryset

    def describe(self):
        data = self.cleaned_data
        parts = [str(data[name]) for name in ("supplier", "category") if data.get(name)]
        return _("Products without %(text)s: %(where)s") % {
            "text": MISSING_LABEL[Kind(data["kind"])], "where": ", ".join(parts)}

"""The Nova Poshta branch picker in shop's checkout (a form extension, see shop/orders/extensions.py).

Without JavaScript: the shopper types the city and presses "Show branches"; the checkout comes
back with the branch as a select of that city's branches from the stored directory (grouped by
city when the name fits several). With JavaScript (static/fulfilment/branch_picker.js) the same
lists come from the JSON views as the shopper types. Either way only our tables are read."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fulfilment.models import NovaPoshtaCity, NovaPoshtaWarehouse
from fulfilment.models.directory import search_key
from fulfilment.novaposhta.directory import branches_of, find_cities

CANDIDATES = 5


class CitySearchInput(forms.TextInput):
    """The city field with a "Show branches" button (a checkout redraw) and the script's hooks."""

    template_name = "fulfilment/widgets/city_search.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["button_label"] = gettext_lazy("Show branches")
        return context


def candidate_cities(text) -> list[NovaPoshtaCity]:
    """The cities a typed name means: every exact match (several villages share a name), else the
    closest few that start with it."""
    cities = find_cities(text, limit=CANDIDATES)
    exact = [city for city in cities if city.search_name == search_key(text)]
    return exact or cities


def branch_groups(cities) -> list[tuple[NovaPoshtaCity, list[NovaPoshtaWarehouse]]]:
    by_city = {}
    for branch in branches_of(city.ref for city in cities):
        by_city.setdefault(branch.city_ref, []).append(branch)
    return [(city, by_city[city.ref]) for city in cities if city.ref in by_city]


def directory_ready() -> bool:
    return NovaPoshtaWarehouse.objects.filter(active=True).exists()


class NovaPoshtaBranchPicker:
    def adapt(self, form):
        if not directory_ready():
            return  # no directory yet: the plain text fields keep working
        city = form.fields["city"]
        city.widget = CitySearchInput(attrs={
            "data-np-city": "", "autocomplete": "address-level2",
            "data-cities-url": reverse("fulfilment:np_cities"),
            "data-branches-url": reverse("fulfilment:np_branches")})
        typed = form.data.get("city", "") if form.is_bound else form.initial.get("city", "")
        groups = branch_groups(candidate_cities(typed)) if typed else []
        if not groups:
            if typed:
                form.fields["branch"].help_text = _("No Nova Poshta branches found for this city; "
                                                    "check its name and press “Show branches”.")
            return
        choices = [("", _("— choose a branch —"))] + [
            (str(city), [(branch.label, branch.label) for branch in branches]) for city, branches in groups]
        form.fields["branch"].widget = forms.Select(choices=choices, attrs={"data-np-branch": ""})

    def clean(self, form, data):
        """A Nova Poshta branch must be one of the directory's for the city typed; the city is
        then written exactly as the directory has it (the waybill finds the branch by both)."""
        delivery = data.get("delivery_method")
        if delivery is None or delivery.code not in settings.NOVA_POSHTA_DELIVERY_CODES:
            return
        if not data.get("branch") or not directory_ready():
            return
        for city, branches in branch_groups(candidate_cities(data.get("city", ""))):
            if any(branch.label == data["branch"] for branch in branches):
                data["city"] = city.name
                return
        form.add_error("branch", _("Please choose the branch from the list for your city "
                                   "(type the city and press “Show branches”)."))

"""Trying name rules before saving them: sample names in, names as a sync would write them out.

With a name template, a sample line may carry the record's facts after the name, separated
by "|": name | type | audience | colour | material (e.g. "Кеди руді | Кеди | жіночі | руді").

The supplier form's widget (static/js/admin-sync.js) posts the unsaved rules from the
form and gets JSON back; without JavaScript the same view is a plain form page.
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import Panel

from suppliers.models import Supplier, compile_name_rules
from suppliers.sync.name_template import FIELDS, NameTemplate, TemplateError
from suppliers.sync.names import NameCleaner

from .base import SupplierAdminMixin, TemplateView

MAX_NAMES = 50


def parse_rules(text: str) -> list[str]:
    """The rules as the form's JSON field holds them, or one regex per line."""
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            rules = json.loads(text)
        except json.JSONDecodeError as exc:
            message = _("The rules are not a valid JSON list: %(error)s") % {"error": exc}
            raise ValidationError(message) from exc
        if not isinstance(rules, list) or not all(isinstance(rule, str) for rule in rules):
            raise ValidationError(_("The rules must be a list of regular expressions (strings)."))
        return rules
    return [line for line in text.splitlines() if line.strip()]


def clean_names(rules_text: str, names_text: str, brand: str = "", template: str = "") -> list[dict]:
    """[{"name", "cleaned"}] for each sample name; ValidationError with a readable message."""
    try:
        compiled = compile_name_rules(parse_rules(rules_text))
    except ValidationError as exc:
        messages = exc.message_dict.get("name_rules") if hasattr(exc, "error_dict") else exc.messages
        raise ValidationError(" ".join(messages or exc.messages)) from exc
    try:
        namer = NameTemplate(template)
    except TemplateError as exc:
        raise ValidationError(_("The name template is not valid: %(error)s") % {"error": exc}) from exc
    lines = [line.strip()[:500] for line in (names_text or "").splitlines() if line.strip()][:MAX_NAMES]
    cleaner = NameCleaner(compiled, brands=[brand])
    results = []
    for line in lines:
        name, *facts = [part.strip() for part in line.split("|")]
        cleaned = namer.apply(cleaner.clean(name), dict(zip(FIELDS[1:], facts, strict=False)))
        results.append({"name": name, "cleaned": cleaned})
    return results


class NameRulesForm(forms.Form):
    rules = forms.CharField(
        label=gettext_lazy("Name rules"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("A JSON list as in the supplier form, or one regular expression per line."))
    names = forms.CharField(
        label=gettext_lazy("Sample names"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One product name per line, as the feed writes it."))
    brand = forms.CharField(label=gettext_lazy("Brand removed from names"), required=False,
                            help_text=gettext_lazy("Usually the supplier's name."))
    template = forms.CharField(
        label=gettext_lazy("Name template"), required=False,
        help_text=gettext_lazy("As in the supplier form. To try it, give a sample's facts after its "
                               "name: name | type | audience | colour | material."))

    def clean(self):
        data = super().clean()
        if "names" in data:
            try:
                data["results"] = clean_names(data.get("rules", ""), data["names"], data.get("brand", ""),
                                              data.get("template", ""))
            except ValidationError as exc:
                self.add_error("rules", exc)
        return data


class NameRulesTestView(SupplierAdminMixin, TemplateView):
    template_name = "suppliers/admin/name_rules.html"
    page_title = gettext_lazy("Test name rules")
    header_icon = "code"

    def get_initial(self):
        supplier = Supplier.objects.filter(pk=self.request.GET.get("supplier") or None).first()
        if supplier is None:
            return {}
        return {"rules": json.dumps(supplier.name_rules or [], ensure_ascii=False), "brand": supplier.name,
                "template": supplier.name_template}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=NameRulesForm(initial=self.get_initial())))

    def post(self, request, *args, **kwargs):
        if self.wants_json():
            try:
                results = clean_names(request.POST.get("rules", ""), request.POST.get("names", ""),
                                      request.POST.get("brand", ""), request.POST.get("template", ""))
            except ValidationError as exc:
                return JsonResponse({"error": " ".join(exc.messages)}, status=400)
            return JsonResponse({"results": results})
        form = NameRulesForm(request.POST)
        form.is_valid()
        return self.render_to_response(self.get_context_data(
            form=form, results=form.cleaned_data.get("results")))


class NameRulesPanel(Panel):
    """Below the supplier's name rules on its form: try them on sample names, unsaved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "suppliers/admin/includes/name_rules_panel.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            context = super().get_context_data(parent_context)
            context["test_url"] = reverse("wagtailsnippets_suppliers_supplier:name_rules")
            context["supplier_pk"] = getattr(self.instance, "pk", None)
            return context

"""A form page below a product's edit page (stock by warehouse, fields given back to the feed)."""

from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin


class ProductSubpageView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = None
    index_url_name = None
    edit_url_name = None
    forbidden_message = ""  # what a user without the change permission reads

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=unquote(str(kwargs["pk"])))

    def dispatch(self, request, *args, **kwargs):
        # A plain 403 rather than Wagtail's usual redirect-with-message: these pages change the
        # product, and a refusal should be unmistakable to people and scripts.
        if not self.user_has_permission_for_instance("change", self.object):
            return TemplateResponse(request, "shop/admin/forbidden.html",
                                    {"message": self.forbidden_message}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "product": self.object}

    def get_edit_url(self):
        return reverse(self.edit_url_name, args=(quote(self.object.pk),))

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": self.get_edit_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "product": self.object,
                "edit_url": self.get_edit_url()}

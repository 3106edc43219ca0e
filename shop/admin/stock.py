"""The stock-by-warehouse page of a product, reached from its edit page and the listing."""

from django.contrib.admin.utils import quote, unquote
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from shop.admin.forms import StockGridForm

STOCK_LOG_ACTION = "shop.edit_stock"
MAX_NEW_ROWS = 20


class ProductStockView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    model = None
    form_class = StockGridForm
    template_name = "shop/admin/stock_grid.html"
    page_title = gettext_lazy("Stock by warehouse")
    header_icon = "table"
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=unquote(str(kwargs["pk"])))

    def dispatch(self, request, *args, **kwargs):
        # A plain 403 rather than Wagtail's usual redirect-with-message: this page
        # changes stock, and a refusal should be unmistakable to people and scripts.
        if not self.user_has_permission_for_instance("change", self.object):
            return TemplateResponse(
                request, "shop/admin/forbidden.html",
                {"message": _("You do not have permission to change the stock of this product.")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["product"] = self.object
        kwargs["new_rows"] = self.new_rows
        return kwargs

    @cached_property
    def new_rows(self):
        """Blank "new size" rows: 2, or as many as ?rows= asks for (the page works without JS)."""
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        try:
            return min(max(int(source.get("rows", 2)), 1), MAX_NEW_ROWS)
        except ValueError:
            return 2

    def form_valid(self, form):
        try:
            changed = form.save()
        except ProtectedError:
            form.add_error(None, _("A size you removed is used by orders, so it cannot be removed. "
                                   "Nothing was saved."))
            return self.form_invalid(form)
        if changed:
            log(instance=self.object, action=STOCK_LOG_ACTION, user=self.request.user,
                data={"changes": changed})
            messages.success(self.request, _("Stock of '%(product)s' saved.") % {"product": self.object})
        else:
            messages.success(self.request, _("Nothing changed."))
        return redirect(self.request.path)

    def form_invalid(self, form):
        messages.error(self.request, _("The stock was not saved. Fix the marked cells and save again."))
        return super().form_invalid(form)

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
        context = super().get_context_data(**kwargs)
        context.update(
            product=self.object,
            edit_url=self.get_edit_url(),
            more_rows_url=f"{self.request.path}?rows={min(self.new_rows + 3, MAX_NEW_ROWS)}",
            rows=self.new_rows,
        )
        return context

"""The stock-by-warehouse page of a product, reached from its edit page and the listing."""

from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.log_actions import log

from shop.admin.forms import StockGridForm
from shop.admin.subpage import ProductSubpageView

STOCK_LOG_ACTION = "shop.edit_stock"
MAX_NEW_ROWS = 20


class ProductStockView(ProductSubpageView):
    form_class = StockGridForm
    template_name = "shop/admin/stock_grid.html"
    page_title = gettext_lazy("Stock by warehouse")
    header_icon = "table"
    forbidden_message = gettext_lazy("You do not have permission to change the stock of this product.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            more_rows_url=f"{self.request.path}?rows={min(self.new_rows + 3, MAX_NEW_ROWS)}",
            rows=self.new_rows,
        )
        return context

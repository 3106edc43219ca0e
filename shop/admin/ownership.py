"""Fields an editor took over from the feed, and handing them back.

Once an editor changes a feed-filled field by hand, syncs leave it alone (Product.manual_fields,
shop/forms.py). The edit form marks those fields; this page gives chosen ones back to the feed:
the next sync writes the supplier's value again (the sync hears `feed_fields_released`).
"""

from django import forms
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.log_actions import log

from shop.admin.subpage import ProductSubpageView
from shop.events import feed_fields_released

RELEASE_LOG_ACTION = "shop.release_fields"


def field_label(model, name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


class ReleaseForm(forms.Form):
    fields_to_release = forms.MultipleChoiceField(
        label=gettext_lazy("Give back to the feed"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one field.")})

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_to_release"].choices = [
            (name, field_label(type(product), name)) for name in product.manual_fields or []]


def release(product, names, user=None) -> list[str]:
    """Drop `names` from the product's editor-owned fields; returns the ones released."""
    released = [name for name in names if name in (product.manual_fields or [])]
    if not released:
        return []
    product.manual_fields = [name for name in product.manual_fields if name not in released]
    # A plain update: a revision would copy the draft's other fields onto the live product.
    type(product).objects.filter(pk=product.pk).update(manual_fields=product.manual_fields,
                                                      updated_at=timezone.now())
    log(instance=product, action=RELEASE_LOG_ACTION, user=user, data={"fields": released})
    feed_fields_released.send(sender=type(product), product_ids=[product.pk], fields=released)
    return released


class ReleaseFieldsView(ProductSubpageView):
    form_class = ReleaseForm
    template_name = "shop/admin/release_fields.html"
    page_title = gettext_lazy("Fields edited by hand")
    header_icon = "resubmit"
    forbidden_message = gettext_lazy("You do not have permission to change this product.")

    def form_valid(self, form):
        released = release(self.object, form.cleaned_data["fields_to_release"], self.request.user)
        labels = ", ".join(field_label(self.model, name) for name in released)
        messages.success(self.request, _("Given back to the feed: %(fields)s. The next sync of the "
                                         "supplier writes its values.") % {"fields": labels})
        return redirect(self.get_edit_url())

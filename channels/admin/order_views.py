"""Imported orders in the admin: the order page (channel, ids, lines, raw payload, log, pushes and
the manager's actions), the edit form (lines and address), import now, pushes' actions."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import formset_factory
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from channels.models import Channel, ChannelPush, ImportedOrder, ImportRun
from channels.orders import editing
from channels.orders.matching import find_variant
from channels.orders.pushing import cancellation_reasons, enqueue_push
from channels.orders.tasks import enqueue_import

from .base import ChannelAdminMixin, TemplateView

ORDER_NS = "wagtailsnippets_channels_importedorder"
PUSH_NS = "wagtailsnippets_channels_channelpush"


def order_url(name: str, *args) -> str:
    return reverse(f"{ORDER_NS}:{name}", args=args)


class ImportedOrderMixin(ChannelAdminMixin):
    model = ImportedOrder
    header_icon = "list-ul"

    @cached_property
    def imported(self):
        return get_object_or_404(
            ImportedOrder.objects.select_related("channel", "order"), pk=self.kwargs["pk"]
        )

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": order_url("list"), "label": _("Imported orders")},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportedOrderView(ImportedOrderMixin, TemplateView):
    template_name = "channels/admin/imported_order.html"

    def get_page_title(self):
        return _("%(channel)s order %(id)s") % {
            "channel": self.imported.channel,
            "id": self.imported.external_id,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        imported = self.imported
        order = imported.order
        context.update(
            imported=imported,
            order=order,
            lines=imported.lines.select_related("variant__product"),
            # Pretty-printed and escaped by the template (never |safe): the payload is the channel's.
            payload_json=json.dumps(imported.payload, ensure_ascii=False, indent=2, sort_keys=True),
            events=imported.events.select_related("user"),
            pushes=imported.pushes.order_by("pk"),
            reasons=cancellation_reasons(imported.channel),
            can_edit=imported.status in (ImportedOrder.Status.HELD, ImportedOrder.Status.PLACED),
            can_approve=imported.status == ImportedOrder.Status.PLACED and order and order.state == "new",
            can_cancel=bool(order) and order.state in ("new", "confirmed", "sent_to_supplier"),
            held=imported.status == ImportedOrder.Status.HELD,
            order_admin_url=reverse("order_admin:inspect", args=[order.pk]) if order else "",
        )
        context["urls"] = {
            name: order_url(name, imported.pk)
            for name in ("edit_order", "approve", "place", "dismiss", "cancel")
        }
        return context


class OrderActionView(ImportedOrderMixin, View):
    """POST: approve, place, dismiss or cancel; the outcome comes back as a message."""

    action = ""

    def get(self, request, pk):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        imported, user, data = self.imported, request.user, request.POST
        try:
            if self.action == "approve":
                editing.approve(imported, user=user, note=data.get("note", ""))
                messages.success(
                    request, _("Approved: the order goes to fulfilment and the channel is told.")
                )
            elif self.action == "place":
                placed = editing.place(imported, user=user)
                (messages.success if placed else messages.warning)(
                    request,
                    _("Placed; stock reserved.") if placed else _("Still held: see what needs attention."),
                )
            elif self.action == "dismiss":
                editing.dismiss(imported, user=user, note=data.get("note", ""))
                messages.success(request, _("Dismissed."))
            elif self.action == "cancel":
                editing.cancel(imported, user=user, reason=data.get("reason", ""), text=data.get("text", ""))
                messages.success(request, _("Cancelled; the stock is back and the channel is told."))
        except editing.ActionError as error:
            messages.error(request, str(error))
        return redirect(order_url("inspect", imported.pk))


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Customer"), max_length=150, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=20, required=False)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=120, required=False)
    branch = forms.CharField(label=gettext_lazy("Branch"), max_length=120, required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LineForm(forms.Form):
    line = forms.IntegerField(required=False, widget=forms.HiddenInput)
    goods = forms.CharField(label=gettext_lazy("Our offer id or SKU"), max_length=120, required=False)
    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, max_value=999, required=False)
    unit_price = forms.CharField(label=gettext_lazy("Price"), max_length=20, required=False)
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("remove") or not (data.get("goods") or data.get("line")):
            return data
        if not data.get("quantity"):
            raise ValidationError(_("Give the quantity."))
        try:
            price = Decimal(str(data.get("unit_price") or "").replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ValidationError(_("The price is not a number.")) from None
        if not price.is_finite() or price < 0:
            raise ValidationError(_("The price is not a number."))
        data["price"] = price.quantize(Decimal("0.01"))
        data["variant"] = find_variant(data.get("goods")) if data.get("goods") else None
        if data.get("goods") and data["variant"] is None:
            raise ValidationError(
                _("No single variant of ours has the offer id or SKU “%(goods)s”.") % {"goods": data["goods"]}
            )
        return data


LineFormSet = formset_factory(LineForm, extra=1)


class EditOrderView(ImportedOrderMixin, TemplateView):
    template_name = "channels/admin/imported_order_edit.html"

    def get_page_title(self):
        return _("Edit %(channel)s order %(id)s") % {
            "channel": self.imported.channel,
            "id": self.imported.external_id,
        }

    def initial_lines(self):
        return [
            {
                "line": line.pk,
                "goods": _offer_or_sku(line),
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for line in self.imported.lines.select_related("variant__product")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        imported = self.imported
        context.setdefault("contact", ContactForm(initial={f: getattr(imported, f) for f in editing.CONTACT}))
        context.setdefault("lines", LineFormSet(initial=self.initial_lines(), prefix="lines"))
        context.update(
            imported=imported,
            back_url=order_url("inspect", imported.pk),
            originals={line.pk: line for line in imported.lines.all()},
        )
        return context

    def post(self, request, pk):
        contact, lines = ContactForm(request.POST), LineFormSet(request.POST, prefix="lines")
        if not (contact.is_valid() and lines.is_valid()):
            return self.render_to_response(self.get_context_data(contact=contact, lines=lines))
        originals = {line.pk: line for line in self.imported.lines.select_related("variant__product")}
        draft = []
        for data in lines.cleaned_data:
            if not data or data.get("remove") or not (data.get("goods") or data.get("line")):
                continue
            source = originals.get(data.get("line"))
            draft.append(
                editing.DraftLine(
                    data.get("variant"),
                    data["quantity"],
                    data["price"],
                    source.name if source else "",
                    source.offer_id if source else "",
                    source,
                )
            )
        try:
            editing.edit(self.imported, lines=draft, contact=contact.cleaned_data, user=request.user)
        except editing.ActionError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(contact=contact, lines=lines))
        messages.success(request, _("Saved; the edit is in the order's log."))
        return redirect(order_url("inspect", self.imported.pk))


def _offer_or_sku(line):
    if line.variant_id is None:
        return ""
    from channels.projection import offer_id

    supplier = line.variant.product.supplier
    return offer_id(supplier.slug if supplier else None, line.variant_id)


class ImportNowView(ChannelAdminMixin, View):
    def get(self, request, pk):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        channel = get_object_or_404(Channel, pk=pk)
        if not (channel.active and channel.orders_api and channel.has_order_credentials()):
            messages.error(
                request,
                _("%(channel)s has no orders to import (inactive, or no API credentials).")
                % {"channel": channel},
            )
        else:
            enqueue_import(channel, ImportRun.Trigger.MANUAL)
            messages.success(request, _("An order import of %(channel)s is queued.") % {"channel": channel})
        return redirect(reverse("wagtailsnippets_channels_importrun:list"))


class PushActionView(ChannelAdminMixin, View):
    model = ImportedOrder  # whoever may change imported orders may handle their pushes
    action = ""

    def get(self, request, pk):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        push = get_object_or_404(ChannelPush.objects.select_related("imported_order__channel"), pk=pk)
        try:
            if self.action == "reason":
                editing.give_reason(
                    push,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                    text=request.POST.get("text", ""),
                )
            else:
                editing.send_again(push, user=request.user)
            transaction.on_commit(lambda: enqueue_push(push.pk))
            messages.success(request, _("The push is on its way."))
        except editing.ActionError as error:
            messages.error(request, str(error))
        return redirect(order_url("inspect", push.imported_order_id))

"""Saved delivery addresses under /account/addresses/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import AddressForm
from ..models import Address

ADDRESSES_MAX = 20


@login_required
def address_list(request):
    return render(request, "customers/addresses.html", {
        "addresses": Address.objects.filter(user=request.user), "section": "addresses"})


def _save(request, form):
    """Save the address; the first one, or one marked default, becomes the only default."""
    with transaction.atomic():
        address = form.save(commit=False)
        address.user = request.user
        others = Address.objects.select_for_update().filter(user=request.user).exclude(pk=address.pk)
        if not others.exists():
            address.is_default = True
        if address.is_default:
            others.filter(is_default=True).update(is_default=False)
        address.save()
    return address


@login_required
def address_edit(request, pk=None):
    address = get_object_or_404(Address, pk=pk, user=request.user) if pk else None
    if address is None and Address.objects.filter(user=request.user).count() >= ADDRESSES_MAX:
        messages.error(request, _("You can save up to %(n)d addresses.") % {"n": ADDRESSES_MAX})
        return redirect("customers:addresses")
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        messages.success(request, _("Address saved."))
        return redirect("customers:addresses")
    return render(request, "customers/address_form.html", {
        "form": form, "address": address, "section": "addresses"},
        status=400 if form.errors else 200)


@login_required
@require_POST
def address_delete(request, pk):
    with transaction.atomic():
        address = get_object_or_404(Address.objects.select_for_update(), pk=pk, user=request.user)
        address.delete()
        if address.is_default:
            # The newest remaining address takes over as default.
            successor = Address.objects.filter(user=request.user).order_by("-created_at").first()
            if successor:
                Address.objects.filter(pk=successor.pk).update(is_default=True)
    messages.success(request, _("Address deleted."))
    return redirect("customers:addresses")


@login_required
@require_POST
def address_make_default(request, pk):
    with transaction.atomic():
        address = get_object_or_404(Address.objects.select_for_update(), pk=pk, user=request.user)
        Address.objects.filter(user=request.user, is_default=True).exclude(pk=pk).update(is_default=False)
        Address.objects.filter(pk=address.pk).update(is_default=True)
    messages.success(request, _("Default address changed."))
    return redirect("customers:addresses")

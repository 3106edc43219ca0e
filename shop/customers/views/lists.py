"""Shopping list pages: the owner's lists (signed in or not), adding from the product page, sharing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import lists
from ..models import ShoppingList
from .accounts import next_url


def _owned_or_404(request, token):
    shopping_list = lists.owned_list(lists.owner_for(request), token)
    if shopping_list is None:
        raise Http404("No such list")
    return shopping_list


def list_index(request):
    owner = lists.owner_for(request, create=request.method == "POST")
    error = None
    if request.method == "POST":
        try:
            created = lists.create_list(owner, request.POST.get("name", ""))
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            messages.success(request, _("List “%(name)s” created.") % {"name": created.name})
            return redirect("customers:list", token=created.token)
    return render(request, "customers/lists.html", {
        "lists": lists.lists_with_counts(owner), "error": error, "section": "lists",
        "name_max": lists.NAME_MAX}, status=400 if error else 200)


def list_detail(request, token):
    owner = lists.owner_for(request)
    shopping_list = lists.list_with_items(lists.lists_of(owner)).filter(token=token).first()
    if shopping_list is None:
        raise Http404("No such list")
    share_url = request.build_absolute_uri(reverse("customers:shared_list", args=[shopping_list.share_token]))
    return render(request, "customers/list_detail.html", {
        "shopping_list": shopping_list, "items": shopping_list.items.all(), "share_url": share_url,
        "section": "lists", "name_max": lists.NAME_MAX, "editable": True})


@require_POST
def list_rename(request, token):
    shopping_list = _owned_or_404(request, token)
    try:
        lists.rename_list(shopping_list, request.POST.get("name", ""))
    except ValidationError as invalid:
        messages.error(request, invalid.messages[0])
    else:
        messages.success(request, _("List renamed."))
    return redirect("customers:list", token=shopping_list.token)


@require_POST
def list_delete(request, token):
    shopping_list = _owned_or_404(request, token)
    shopping_list.delete()
    messages.success(request, _("List “%(name)s” deleted.") % {"name": shopping_list.name})
    return redirect("customers:lists")


@require_POST
def item_remove(request, token, product_id):
    shopping_list = _owned_or_404(request, token)
    if lists.remove_item(shopping_list, product_id):
        messages.success(request, _("Removed from the list."))
    return redirect(next_url(request, reverse("customers:list", args=[shopping_list.token])))


@require_POST
def add_to_list(request):
    """The product page's "add to list" form: into the chosen list, or the default one."""
    product = lists.addable_product(request.POST.get("product"))
    if product is None:
        raise Http404("No such product")
    owner = lists.owner_for(request, create=True)
    token = request.POST.get("list", "")
    shopping_list = lists.owned_list(owner, token) if token else lists.default_list(owner)
    if shopping_list is None:
        raise Http404("No such list")
    _item, created = lists.add_item(shopping_list, product)
    if created:
        messages.success(request, _("“%(product)s” saved to “%(list)s”.") % {
            "product": product.title, "list": shopping_list.name})
    else:
        messages.info(request, _("“%(product)s” is already in “%(list)s”.") % {
            "product": product.title, "list": shopping_list.name})
    return redirect("customers:list", token=shopping_list.token)


def shared_list(request, share_token):
    """Anyone with the link may look; nobody may change anything from here."""
    shopping_list = get_object_or_404(lists.list_with_items(ShoppingList.objects.all()),
                                      share_token=share_token)
    mine = lists.owned_list(lists.owner_for(request), shopping_list.token) is not None
    response = render(request, "customers/list_detail.html", {
        "shopping_list": shopping_list, "items": shopping_list.items.all(), "editable": False,
        "mine": mine})
    response["X-Robots-Tag"] = "noindex"
    return response

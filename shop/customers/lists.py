"""Shopping lists as a service: whose lists these are, adding and removing, merging on sign-in.

An anonymous visitor owns lists through a random token kept in their session
(SESSION_KEY); a signed-in shopper owns them as a user. Views and the JSON API
both go through here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from shop.models import Product

from .models import ListItem, ShoppingList
from .models.lists import new_token

SESSION_KEY = "customers.list_owner"
NAME_MAX = ShoppingList._meta.get_field("name").max_length
LISTS_MAX = 50  # per shopper; beyond that creating one is refused


@dataclass(frozen=True)
class ListOwner:
    user_id: int | None = None
    session_token: str = ""

    def new_list(self, **fields) -> ShoppingList:
        return ShoppingList(user_id=self.user_id, session_token="" if self.user_id else self.session_token,
                            **fields)


def owner_for(request, *, create=False) -> ListOwner:
    """The shopper behind a request. With create=True an anonymous visitor gets a session token."""
    if request.user.is_authenticated:
        return ListOwner(user_id=request.user.pk)
    token = request.session.get(SESSION_KEY, "")
    if not token and create:
        token = request.session[SESSION_KEY] = new_token()
    return ListOwner(session_token=token)


def lists_of(owner: ListOwner):
    return ShoppingList.objects.owned_by(owner)


def lists_with_counts(owner: ListOwner):
    return lists_of(owner).annotate(item_count=Count("items"))


def list_with_items(queryset):
    """Items with everything their rows show (product, its first photo), in a fixed number of queries."""
    products = Product.objects.with_tile_data()
    return queryset.prefetch_related(
        Prefetch("items", ListItem.objects.prefetch_related(Prefetch("product", products))))


def owned_list(owner: ListOwner, token: str) -> ShoppingList | None:
    """The owner's list with this token; None for anyone else's (never tell them it exists)."""
    if not token:
        return None
    return lists_of(owner).filter(token=token).first()


def default_list(owner: ListOwner, *, create=True) -> ShoppingList | None:
    found = lists_of(owner).filter(is_default=True).first()
    if found or not create:
        return found
    try:
        with transaction.atomic():
            shopping_list = owner.new_list(name=_("Favourites"), is_default=True)
            shopping_list.name = free_name(lists_of(owner), shopping_list.name)
            shopping_list.save()
            return shopping_list
    except IntegrityError:  # made at the same moment by another request
        return lists_of(owner).get(is_default=True)


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the list a name."), code="required")
    if len(name) > NAME_MAX:
        raise ValidationError(_("A list name can have at most %(max)d characters.") % {"max": NAME_MAX},
                              code="max_length")
    return name


def _names(lists) -> set[str]:
    # Compared in Python: SQLite's case-insensitive matching knows only ASCII, not "Літо" = "літо".
    return {n.casefold() for n in lists.values_list("name", flat=True)}


def _duplicate(name):
    return ValidationError(_("You already have a list called “%(name)s”.") % {"name": name},
                           code="duplicate")


def create_list(owner: ListOwner, name: str) -> ShoppingList:
    name = clean_name(name)
    names = _names(lists_of(owner))
    if len(names) >= LISTS_MAX:
        raise ValidationError(_("You have too many lists; delete one first."), code="too_many")
    if name.casefold() in names:
        raise _duplicate(name)
    try:
        with transaction.atomic():
            shopping_list = owner.new_list(name=name)
            shopping_list.save()
    except IntegrityError as error:
        raise _duplicate(name) from error
    return shopping_list


def rename_list(shopping_list: ShoppingList, name: str) -> None:
    name = clean_name(name)
    siblings = ShoppingList.objects.filter(user_id=shopping_list.user_id,
                                           session_token=shopping_list.session_token)
    if name.casefold() in _names(siblings.exclude(pk=shopping_list.pk)):
        raise _duplicate(name)
    shopping_list.name = name
    shopping_list.save(update_fields=["name", "updated_at"])


def addable_product(product_id) -> Product | None:
    """Only what shoppers can see goes into a list."""
    try:
        return Product.objects.visible().get(pk=int(product_id))
    except (Product.DoesNotExist, TypeError, ValueError):
        return None


def add_item(shopping_list: ShoppingList, product: Product) -> tuple[ListItem, bool]:
    """Save the product with today's price; adding it again keeps the first price."""
    try:
        with transaction.atomic():
            return ListItem.objects.get_or_create(
                shopping_list=shopping_list, product=product,
                defaults={"price_when_added": product.current_price})
    except IntegrityError:
        return ListItem.objects.get(shopping_list=shopping_list, product=product), False


def remove_item(shopping_list: ShoppingList, product_id) -> bool:
    deleted, _detail = ListItem.objects.filter(shopping_list=shopping_list, product_id=product_id).delete()
    return bool(deleted)


def free_name(lists, name: str) -> str:
    """`name`, or "name (2)", "name (3)"... whichever none of `lists` is called (any case)."""
    taken = _names(lists)
    candidate, n = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = name[:NAME_MAX - len(suffix)] + suffix, n + 1
    return candidate


@transaction.atomic
def merge_session_lists(session_token: str, user) -> None:
    """On sign-in: the visitor's default list pours into the user's default list (no duplicates);
    named lists move over, renamed "Літо (2)" if the user has a "Літо" already."""
    if not session_token:
        return
    anonymous = list(ShoppingList.objects.select_for_update()
                     .filter(user__isnull=True, session_token=session_token))
    if not anonymous:
        return
    owner = ListOwner(user_id=user.pk)
    # Named lists first, so the default list can still become the user's default below.
    for shopping_list in sorted(anonymous, key=lambda sl: sl.is_default):
        target = default_list(owner, create=False) if shopping_list.is_default else None
        if target is None:
            # Moved whole: its address and shared link keep working.
            shopping_list.name = free_name(lists_of(owner), shopping_list.name)
            shopping_list.user = user
            shopping_list.session_token = ""
            shopping_list.save(update_fields=["name", "user", "session_token", "updated_at"])
        else:
            have = set(target.items.values_list("product_id", flat=True))
            ListItem.objects.filter(shopping_list=shopping_list).exclude(product_id__in=have).update(
                shopping_list=target)
            shopping_list.delete()

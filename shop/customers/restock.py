"""Back-in-stock: subscribing, finding subscriptions whose stock came back, e-mailing them.

`notify_restocked(product_ids)` runs after every stock change (a supplier sync or a
manual recount, see receivers.py). It costs two queries whatever the number of
products: one finds the due subscriptions with stock summed in the database, one
closes them. The e-mails go out one django-q task per subscription, after commit.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from shop.models import Product, StockRecord

from .accounts import normalise_email
from .models import BackInStockSubscription

TASK = "shop.customers.restock.send_back_in_stock_email"


def subscribe(*, email, product, variant=None, user=None, language="uk"):
    """One open subscription per address and product/size; a repeat returns the one there is."""
    email = normalise_email(email)
    lookup = {"email": email, "product": product, "variant": variant, "queued_at__isnull": True}
    try:
        with transaction.atomic():
            return BackInStockSubscription.objects.get_or_create(
                **lookup, defaults={"user": user, "language": language[:10]})
    except IntegrityError:  # a simultaneous duplicate won the race
        return BackInStockSubscription.objects.get(**lookup), False


def _stock_sum(**filters):
    return Coalesce(
        Subquery(
            StockRecord.objects.filter(**filters).order_by().values("variant__product")
            .annotate(total=Sum("quantity")).values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def due_subscriptions(product_ids):
    """Open subscriptions of the products that now have the stock they wait for.

    A size waits for its own stock, a product for any size; hidden or unpublished products
    never notify (nor disabled ones, which cannot be bought)."""
    return (
        BackInStockSubscription.objects
        .filter(product_id__in=list(product_ids), queued_at__isnull=True,
                product__live=True, product__status=Product.Status.ACTIVE)
        .annotate(product_stock=_stock_sum(variant__product=OuterRef("product_id")),
                  size_stock=_stock_sum(variant=OuterRef("variant_id")))
        .filter(Q(variant__isnull=True, product_stock__gt=0) | Q(variant__isnull=False, size_stock__gt=0))
    )


def notify_restocked(product_ids) -> int:
    """Close the due subscriptions and queue their e-mails; returns how many."""
    product_ids = list(product_ids)
    if not product_ids:
        return 0
    with transaction.atomic():
        # Locked and skipped when locked, so two stock changes at once never e-mail twice.
        due = list(due_subscriptions(product_ids).select_for_update(skip_locked=True, of=("self",))
                   .values_list("pk", flat=True))
        if not due:
            return 0
        BackInStockSubscription.objects.filter(pk__in=due).update(queued_at=timezone.now())
        transaction.on_commit(lambda: [async_task(TASK, pk) for pk in due])
    return len(due)


def send_back_in_stock_email(subscription_id) -> None:
    """The django-q task: one e-mail for one subscription, then it is marked notified."""
    subscription = (BackInStockSubscription.objects.select_related("product", "variant")
                    .filter(pk=subscription_id, notified_at__isnull=True).first())
    if subscription is None:
        return
    with translation.override(subscription.language):
        product = subscription.product
        context = {"subscription": subscription, "product": product, "variant": subscription.variant,
                   "url": absolute(product.get_absolute_url())}
        send_mail(_("%(product)s is back in stock") % {"product": product.title},
                  render_to_string("customers/email/back_in_stock.txt", context),
                  None, [subscription.email])
    BackInStockSubscription.objects.filter(pk=subscription.pk).update(notified_at=timezone.now())


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path

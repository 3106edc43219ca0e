"""What the customers app listens to: sign-ins (list merging) and stock changes (back-in-stock)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from shop.events import products_synced, stock_refreshed

from . import ratelimit
from .lists import SESSION_KEY, merge_session_lists
from .restock import notify_restocked


@receiver(user_logged_in, dispatch_uid="customers-merge-lists")
def merge_lists_on_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY):
        merge_session_lists(session[SESSION_KEY], user)


@receiver(user_login_failed, dispatch_uid="customers-count-failed-sign-in")
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    """Any sign-in form (storefront, /admin/, /django-admin/): one more failure for what was typed."""
    if request is not None:
        ratelimit.record_failure(request, credentials.get("email") or credentials.get("username") or "")


@receiver(user_logged_in, dispatch_uid="customers-forget-failed-sign-ins")
def forget_failed_sign_ins(sender, request, user, **kwargs):
    if request is not None:
        for typed in {user.get_username(), user.email}:
            ratelimit.forget_failures(request, typed)


@receiver(stock_refreshed, dispatch_uid="customers-restock-manual")
def restocked_by_hand(sender, product_ids, **kwargs):
    notify_restocked(product_ids)


@receiver(products_synced, dispatch_uid="customers-restock-sync")
def restocked_by_sync(sender, supplier, product_ids, run, **kwargs):
    notify_restocked(product_ids)

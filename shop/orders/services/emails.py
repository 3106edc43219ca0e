"""E-mails about an order, sent after the order is committed (through django-q2)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_q.tasks import async_task


def queue_order_emails(order_id):
    async_task("shop.orders.services.emails.send_order_emails", order_id)


def send_order_emails(order_id):
    from shop.orders.models import Order

    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    context = {"order": order, "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")}
    with translation.override(order.language):
        subject = render_to_string("orders/email/confirmation_subject.txt", context).strip()
        body = render_to_string("orders/email/confirmation.txt", context)
    send_mail(subject, body, None, [order.email])
    managers = list(getattr(settings, "ORDER_MANAGER_EMAILS", []))
    if managers:
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("orders/email/manager_subject.txt", context).strip()
            body = render_to_string("orders/email/manager.txt", context)
        send_mail(subject, body, None, managers)

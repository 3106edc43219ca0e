"""The e-mail a supplier gets for a dispatch: the lines in the body, a CSV and the labels PDF."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .csv_file import dispatch_csv
from .grouping import order_groups
from .labels import labels_pdf


def dispatch_message(dispatch, recipient: str) -> EmailMessage:
    groups = order_groups(dispatch)
    context = {"dispatch": dispatch, "groups": groups, "sender": settings.FULFILMENT_SENDER_NAME}
    # Suppliers are Ukrainian businesses: the letter is in the shop's default language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("fulfilment/email/dispatch_subject.txt", context).split())
        body = render_to_string("fulfilment/email/dispatch.txt", context)
        labels = labels_pdf(groups, dispatch.supplier_name)
    name = f"{slugify(dispatch.supplier_name) or 'supplier'}-{slugify(dispatch.window)}"
    message = EmailMessage(subject, body, None, [recipient],
                           reply_to=list(getattr(settings, "ORDER_MANAGER_EMAILS", [])) or None)
    message.attach(f"orders-{name}.csv", dispatch_csv(groups), "text/csv")
    message.attach(f"labels-{name}.pdf", labels, "application/pdf")
    return message

"""AI text becomes a new draft revision of the product, logged in the audit log.

The draft is built on the product's latest revision, so an editor's unpublished work is
kept, and Product.with_content_json keeps the feed's price and stock whenever a revision
is published. History's compare and revert give the before/after diff and the rollback.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from aicontent.validation import InvalidAnswer
from shop.models import Product, refresh_product_stock

LOG_ACTION = "aicontent.generate"


class ProductLocked(InvalidAnswer):
    pass


def save_ai_draft(*, product_id: int, fields: dict, job, user) -> tuple:
    """Write `fields` into a new draft revision (and publish it if the job says so).

    All or nothing: on any error the product keeps its revisions and live content.
    Returns (revision, previous_revision, published).
    """
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        lock = product.get_lock()
        if lock and user is not None and lock.for_user(user):
            raise ProductLocked(_("The product is locked: %(message)s")
                                % {"message": strip_tags(str(lock.get_message(user)))})
        if product.has_unpublished_changes:
            previous = product.latest_revision  # the editor's draft: build on it
        else:
            # The live row is the truth (a sync may have changed it since the last revision):
            # keep it as a revision of its own, so compare shows exactly what the AI changed
            # and revert restores exactly what was there.
            previous = product.save_revision(user=user, changed=False, clean=False)
        draft = product.get_latest_revision_as_object()
        for name, value in fields.items():
            setattr(draft, name, value)
        if draft.sync_id:
            # Text the AI wrote is an editor's text: the next sync must not overwrite it.
            draft.manual_fields = sorted(set(draft.manual_fields or []) | set(fields))
        try:
            revision = draft.save_revision(user=user, log_action=False)
        except ValidationError as error:
            raise InvalidAnswer(_("The product would not validate: %(errors)s")
                                % {"errors": "; ".join(error.messages)}) from error
        log(instance=draft, action=LOG_ACTION, user=user, revision=revision, content_changed=True,
            data={"job": job.pk, "kind": job.kind, "fields": sorted(fields), "model": job.model_name})
        published = False
        if job.publish_when_done:
            revision.publish(user=user)
            # A revision carries the stock totals of when it was saved; recount them.
            refresh_product_stock([product_id])
            published = True
    return revision, previous, published

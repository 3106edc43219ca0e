"""One product's answer, from a direct call or a batch result: counted, validated and saved
as a draft revision, or marked failed with the reason. Both ways of running a job end here."""

import logging

from django.db.models import F
from django.utils.translation import gettext as _

from aicontent.drafts import save_ai_draft
from aicontent.facts import product_facts
from aicontent.models import AIJob, AIJobItem
from aicontent.validation import InvalidAnswer, tool_input, validate

logger = logging.getLogger(__name__)


def handle_answer(job, item, message, facts=None):
    """Count the tokens, validate the answer, save the draft; or fail with the reason."""
    usage = getattr(message, "usage", None)
    input_tokens = getattr(usage, "input_tokens", 0) or 0
    output_tokens = getattr(usage, "output_tokens", 0) or 0
    job.add_usage(input_tokens, output_tokens)
    item.input_tokens, item.output_tokens = input_tokens, output_tokens
    if is_cancelled(job):
        AIJobItem.objects.filter(pk=item.pk).update(
            status=AIJobItem.Status.CANCELLED, input_tokens=input_tokens, output_tokens=output_tokens)
        return
    facts = facts or product_facts(item.product)
    try:
        fields = validate(job.kind, tool_input(message, job.kind), facts)
        revision, previous, published = save_ai_draft(
            product_id=item.product_id, fields=fields, job=job, user=job.requested_by)
    except InvalidAnswer as error:
        mark_failed(job, item, str(error))
        return
    except Exception as error:  # the draft's transaction rolled back: the product is as it was
        logger.exception("AI job %s: saving the draft of product %s failed", job.pk, item.product_id)
        mark_failed(job, item, _("The draft could not be saved: %(error)s") % {"error": error})
        return
    item.revision, item.previous_revision = revision, previous
    item.status = AIJobItem.Status.PUBLISHED if published else AIJobItem.Status.DONE
    item.error = ""
    item.save()
    job.count_outcome(ok=True)


def mark_failed(job, item, reason):
    # An update, not save(): if the product was deleted meanwhile its item went with it.
    if AIJobItem.objects.filter(pk=item.pk).update(
            status=AIJobItem.Status.FAILED, error=reason,
            input_tokens=item.input_tokens, output_tokens=item.output_tokens):
        job.count_outcome(ok=False)


def fail_pending(job, reason):
    pending = job.items.filter(status=AIJobItem.Status.PENDING)
    count = pending.update(status=AIJobItem.Status.FAILED, error=reason)
    if count:
        AIJob.objects.filter(pk=job.pk).update(failed=F("failed") + count)


def is_cancelled(job) -> bool:
    return AIJob.objects.filter(pk=job.pk, status=AIJob.Status.CANCELLED).exists()

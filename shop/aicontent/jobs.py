"""AI jobs: start one, run it product by product, record every outcome, cancel it.

Small jobs call the Messages API one product at a time (shop.aicontent.tasks.run_job);
jobs of AICONTENT_BATCH_THRESHOLD products or more go through the Message Batches API
(shop.aicontent.batches). Either way each product's answer goes through handle_answer:
validated, then saved as a draft revision, or marked failed with the reason.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.aicontent import conf
from shop.aicontent.drafts import save_ai_draft
from shop.aicontent.errors import FATAL, JobAborted, describe
from shop.aicontent.facts import product_facts
from shop.aicontent.models import AIJob, AIJobItem
from shop.aicontent.prompts import message_params
from shop.aicontent.validation import InvalidAnswer, tool_input, validate

logger = logging.getLogger(__name__)
RUN_TASK = "shop.aicontent.tasks.run_job"


class NotConfigured(Exception):
    pass


def start_job(*, user, product_ids, kind, publish=False, scope="") -> AIJob:
    """Record a job over `product_ids` and queue it once the transaction commits."""
    if not conf.is_configured():
        raise NotConfigured(str(conf.NOT_CONFIGURED_REASON))
    product_ids = sorted(set(product_ids))
    if not product_ids:
        raise ValueError(_("No products to work on."))
    with transaction.atomic():
        job = AIJob.objects.create(
            kind=kind, requested_by=user, publish_when_done=publish, scope=scope[:255],
            model_name=conf.model_name(), total=len(product_ids),
            use_batch=len(product_ids) >= conf.batch_threshold(),
        )
        AIJobItem.objects.bulk_create([AIJobItem(job=job, product_id=pk) for pk in product_ids])
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id):
    from django_q.tasks import async_task

    async_task(RUN_TASK, job_id, task_name=f"aicontent-job-{job_id}")


def run_job(job_id: int):
    # A RUNNING job is taken up again: django-q2 redelivers a task only when the worker that
    # had it died (Q_CLUSTER retry > timeout), and products already done are not PENDING.
    claimed = AIJob.objects.filter(
        pk=job_id, status__in=(AIJob.Status.QUEUED, AIJob.Status.RUNNING), batch_id="",
    ).update(status=AIJob.Status.RUNNING)
    if not claimed:
        return  # cancelled, finished, or waiting for its batch
    AIJob.objects.filter(pk=job_id, started_at__isnull=True).update(started_at=timezone.now())
    job = AIJob.objects.get(pk=job_id)
    if job.use_batch:
        from shop.aicontent.batches import submit_batch

        submit_batch(job)
    else:
        run_direct(job)


def run_direct(job: AIJob):
    client = conf.get_client()
    try:
        for item in job.items.filter(status=AIJobItem.Status.PENDING).select_related("product"):
            if is_cancelled(job):
                return
            process_item(client, job, item)
    except JobAborted as error:
        fail_pending(job, str(error))
        job.close(AIJob.Status.FAILED, str(error))
        return
    job.close(AIJob.Status.FINISHED)


def process_item(client, job, item):
    """One product through the Messages API; its failure never stops the rest."""
    facts = product_facts(item.product)
    try:
        message = client.messages.create(**message_params(job.kind, facts))
    except FATAL as error:
        raise JobAborted(describe(error)) from error
    except Exception as error:  # every other failure is this product's alone
        logger.info("AI job %s, product %s: %s", job.pk, item.product_id, error)
        mark_failed(job, item, describe(error))
        return
    handle_answer(job, item, message, facts)


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


def cancel_job(job: AIJob) -> bool:
    """Stop a job: products already drafted keep their drafts, the rest stay untouched.

    A batch is cancelled at Anthropic too; whatever it still returns is never applied.
    """
    if not job.is_open:
        return False
    job.close(AIJob.Status.CANCELLED)
    if job.status != AIJob.Status.CANCELLED:
        return False  # it finished meanwhile
    job.items.filter(status=AIJobItem.Status.PENDING).update(status=AIJobItem.Status.CANCELLED)
    if job.batch_id:
        try:
            conf.get_client().messages.batches.cancel(job.batch_id)
        except Exception as error:  # cancelled here whatever Anthropic says
            logger.warning("Cancelling batch %s of AI job %s failed: %s", job.batch_id, job.pk, error)
            AIJob.objects.filter(pk=job.pk).update(
                error=_("The batch could not be cancelled at Anthropic (%(error)s); "
                        "its results will be ignored.") % {"error": describe(error)})
    return True

"""Large jobs through the Message Batches API: half the price, answers within hours.

submit_batch sends one request per pending product; poll_batch checks on the batch from
a django-q2 schedule that re-arms itself until the batch has ended (no worker sleeps),
then applies each result through the same path as a direct call.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from aicontent import conf
from aicontent.answers import fail_pending, handle_answer, mark_failed
from aicontent.errors import FATAL, describe
from aicontent.facts import product_facts
from aicontent.models import AIJob, AIJobItem
from aicontent.prompts import message_params

logger = logging.getLogger(__name__)
POLL_TASK = "aicontent.tasks.poll_batch"


def submit_batch(job: AIJob):
    items = list(job.items.filter(status=AIJobItem.Status.PENDING).select_related("product"))
    requests = [{"custom_id": item.custom_id,
                 "params": message_params(job.kind, product_facts(item.product))} for item in items]
    try:
        batch = conf.get_client().messages.batches.create(requests=requests)
    except Exception as error:  # nothing was sent: every product stays as it was
        logger.warning("AI job %s: creating the batch failed: %s", job.pk, error)
        reason = _("The batch could not be created: %(error)s") % {"error": describe(error)}
        fail_pending(job, reason)
        job.close(AIJob.Status.FAILED, reason)
        return
    updated = AIJob.objects.filter(pk=job.pk, status=AIJob.Status.RUNNING).update(
        status=AIJob.Status.BATCH, batch_id=batch.id, batch_counts=_counts(batch))
    if not updated:  # cancelled while the batch was being created
        _cancel_quietly(batch.id)
        return
    schedule_poll(job.pk)


def schedule_poll(job_id: int):
    from django_q.models import Schedule
    from django_q.tasks import schedule

    schedule(POLL_TASK, job_id, schedule_type=Schedule.ONCE,
             next_run=timezone.now() + timedelta(seconds=conf.batch_poll_seconds()))


def poll_batch(job_id: int):
    job = AIJob.objects.filter(pk=job_id, status=AIJob.Status.BATCH).first()
    if job is None:
        return  # cancelled or finished meanwhile: stop polling
    client = conf.get_client()
    try:
        batch = client.messages.batches.retrieve(job.batch_id)
    except FATAL as error:
        _abort(job, describe(error))
        return
    except Exception as error:  # a passing fault: look again at the next poll
        logger.info("AI job %s: polling batch %s failed: %s", job.pk, job.batch_id, error)
        schedule_poll(job.pk)
        return
    AIJob.objects.filter(pk=job.pk).update(batch_counts=_counts(batch))
    if batch.processing_status != "ended":
        schedule_poll(job.pk)
        return
    try:
        apply_results(job, client.messages.batches.results(job.batch_id))
    except Exception as error:  # results half read: applied ones stay, the rest on the next poll
        logger.info("AI job %s: reading results of %s failed: %s", job.pk, job.batch_id, error)
        schedule_poll(job.pk)
        return
    fail_pending(job, _("The batch returned no result for this product."))
    job.close(AIJob.Status.FINISHED)


def apply_results(job, results):
    items = {item.custom_id: item for item in
             job.items.filter(status=AIJobItem.Status.PENDING).select_related("product")}
    for entry in results:
        item = items.pop(entry.custom_id, None)
        if item is None:
            continue  # unknown, or already applied by an earlier poll
        job.refresh_from_db(fields=["status"])
        if job.status != AIJob.Status.BATCH:
            return  # cancelled half way: the rest stays untouched
        result = entry.result
        if result.type == "succeeded":
            handle_answer(job, item, result.message)
        elif result.type == "errored":
            mark_failed(job, item, _batch_error(result))
        elif result.type == "expired":
            mark_failed(job, item, _("The batch expired before this product was processed."))
        else:  # canceled
            item.status = AIJobItem.Status.CANCELLED
            item.save(update_fields=["status", "updated_at"])


def _batch_error(result):
    error = getattr(result, "error", None)
    inner = getattr(error, "error", None)
    kind = getattr(inner, "type", "") or ""
    message = getattr(inner, "message", "") or ""
    if kind == "overloaded_error":
        return _("The Anthropic API was overloaded while processing this product.")
    return _("Anthropic API error %(status)s: %(message)s") % {"status": kind, "message": message}


def _abort(job, reason):
    fail_pending(job, reason)
    job.close(AIJob.Status.FAILED, reason)


def _counts(batch):
    counts = getattr(batch, "request_counts", None)
    if counts is None:
        return {}
    return {name: getattr(counts, name, 0) for name in
            ("processing", "succeeded", "errored", "canceled", "expired")}


def _cancel_quietly(batch_id):
    try:
        conf.get_client().messages.batches.cancel(batch_id)
    except Exception as error:  # the job is cancelled; its results will be ignored anyway
        logger.warning("Cancelling batch %s failed: %s", batch_id, error)

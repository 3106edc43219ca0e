"""AI jobs: start one, run it product by product, record every outcome, cancel it.

Small jobs call the Messages API one product at a time (aicontent.tasks.run_job);
jobs of AICONTENT_BATCH_THRESHOLD products or more go through the Message Batches API
(aicontent.batches). Either way each product's answer goes through
aicontent.answers.handle_answer: validated, then saved as a draft revision, or marked
failed with the reason.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aicontent import conf
from aicontent.answers import fail_pending, handle_answer, is_cancelled, mark_failed
from aicontent.batches import submit_batch
from aicontent.errors import FATAL, JobAborted, describe
from aicontent.facts import product_facts
from aicontent.models import AIJob, AIJobItem
from aicontent.prompts import message_params

logger = logging.getLogger(__name__)
RUN_TASK = "aicontent.tasks.run_job"


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

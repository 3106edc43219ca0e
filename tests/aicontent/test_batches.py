"""Large jobs through the Message Batches API: submit, poll by schedule, apply, cancel."""

from decimal import Decimal

import pytest
from django_q.models import Schedule
from wagtail.models import Revision

from aicontent.batches import poll_batch
from aicontent.jobs import cancel_job, start_job
from aicontent.models import AIJob, AIJobItem, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch_job(fake_api, make_shoe, boss, settings, django_capture_on_commit_callbacks):
    """Three products, over the batch threshold: the job submits a batch and waits."""
    settings.AICONTENT_BATCH_THRESHOLD = 3
    products = [make_shoe(name=f"Кросівки {n}") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(user=boss, product_ids=[p.pk for p in products], kind=Kind.DESCRIPTION)
    job.refresh_from_db()
    items = list(job.items.order_by("product_id"))
    return job, items, products


def test_a_large_job_submits_one_batch_and_polls_it_by_schedule(batch_job, fake_api):
    job, items, _ = batch_job

    assert job.use_batch and job.status == AIJob.Status.BATCH and job.batch_id == "msgbatch_1"
    assert [r["custom_id"] for r in fake_api.batch_requests] == [item.custom_id for item in items]
    assert fake_api.batch_requests[0]["params"]["tool_choice"]["name"] == "save_description"
    assert fake_api.requests == []  # no direct calls
    assert Schedule.objects.filter(func="aicontent.tasks.poll_batch", args=f"({job.pk},)").count() == 1


def test_a_batch_still_processing_is_polled_again_later(batch_job, fake_api):
    job, _, _ = batch_job
    Schedule.objects.all().delete()  # the cluster deletes a ONCE schedule when it runs it

    poll_batch(job.pk)

    job.refresh_from_db()
    assert job.status == AIJob.Status.BATCH and job.batch_counts["processing"] == 3
    assert Schedule.objects.filter(func="aicontent.tasks.poll_batch").count() == 1


def test_an_ended_batch_is_applied_product_by_product(batch_job, fake_api, settings):
    settings.ANTHROPIC_PRICE_INPUT_PER_MTOK, settings.ANTHROPIC_PRICE_OUTPUT_PER_MTOK = "3", "15"
    job, (good, overloaded, invalid), products = batch_job
    fake_api.succeed(good.custom_id)
    fake_api.errored(overloaded.custom_id)
    fake_api.succeed(invalid.custom_id, {"description_html": "<p>Замало.</p>"})
    fake_api.batch_state = "ended"

    poll_batch(job.pk)

    job.refresh_from_db()
    good.refresh_from_db(), overloaded.refresh_from_db(), invalid.refresh_from_db()
    assert job.status == AIJob.Status.FINISHED and (job.done, job.failed) == (1, 2)
    assert good.status == AIJobItem.Status.DONE and good.revision is not None
    assert "overloaded" in overloaded.error
    assert "too short" in invalid.error
    assert {r.object_id for r in Revision.objects.all()} == {str(products[0].pk)}
    # Two answers counted (1000 in, 500 out each), at the batch's half price.
    assert job.estimated_cost == Decimal("0.0105")
    revisions = Revision.objects.count()
    poll_batch(job.pk)  # a late duplicate poll changes nothing
    assert Revision.objects.count() == revisions


def test_cancelling_a_batch_job_cancels_the_batch_and_applies_nothing_more(batch_job, fake_api):
    job, items, _ = batch_job

    assert cancel_job(job)

    job.refresh_from_db()
    assert fake_api.cancelled == ["msgbatch_1"] and job.status == AIJob.Status.CANCELLED
    assert set(job.items.values_list("status", flat=True)) == {AIJobItem.Status.CANCELLED}
    for item in items:  # whatever the batch returns afterwards is ignored
        fake_api.succeed(item.custom_id)
    fake_api.batch_state = "ended"
    poll_batch(job.pk)
    assert not Revision.objects.exists()


def test_a_batch_that_cannot_be_created_fails_the_job_cleanly(fake_api, make_shoe, boss, settings,
                                                               sleeps, django_capture_on_commit_callbacks):
    settings.AICONTENT_BATCH_THRESHOLD = 1
    fake_api.server.clear()  # every endpoint answers 500 now
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(user=boss, product_ids=[make_shoe().pk], kind=Kind.DESCRIPTION)
    job.refresh_from_db()
    assert job.status == AIJob.Status.FAILED and "batch could not be created" in job.error
    assert job.failed == 1 and not Revision.objects.exists()

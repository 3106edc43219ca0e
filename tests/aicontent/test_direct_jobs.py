"""Small jobs: one Messages API call per product, each answer a draft revision."""

from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry, Revision

from aicontent.jobs import NotConfigured, cancel_job, start_job
from aicontent.models import AIJob, AIJobItem, Kind
from shop.models import Product

pytestmark = pytest.mark.django_db


def run(user, products, kind=Kind.DESCRIPTION, publish=False, capture=None):
    """Start a job; django-q2 runs synchronously in tests, once the transaction commits."""
    with capture(execute=True):
        job = start_job(user=user, product_ids=[p.pk for p in products], kind=kind, publish=publish)
    job.refresh_from_db()
    return job


@pytest.fixture
def run_job(django_capture_on_commit_callbacks, boss):
    def go(products, **kwargs):
        return run(boss, products, capture=django_capture_on_commit_callbacks, **kwargs)
    return go


def revisions_of(product):
    return Revision.objects.for_instance(product)


def test_description_becomes_a_draft_revision_and_the_live_product_is_unchanged(fake_api, make_shoe,
                                                                                   run_job, boss):
    shoe = make_shoe(description="<p>Текст постачальника</p>")

    job = run_job([shoe])

    assert (job.status, job.done, job.failed) == (AIJob.Status.FINISHED, 1, 0)
    shoe.refresh_from_db()
    assert shoe.description == "<p>Текст постачальника</p>"  # live: untouched until published
    assert shoe.has_unpublished_changes
    draft = shoe.get_latest_revision_as_object()
    assert "Зручні жіночі кросівки" in draft.description
    assert "<script>" not in draft.description and "alert" not in draft.description  # sanitized
    item = job.items.get()
    assert item.status == AIJobItem.Status.DONE and item.revision == shoe.latest_revision
    entry = ModelLogEntry.objects.get(action="aicontent.generate", object_id=str(shoe.pk))
    assert entry.revision_id == item.revision_id and entry.user == boss
    assert entry.data["kind"] == "description"


def test_the_request_carries_the_product_facts_and_the_settings(fake_api, make_shoe, run_job, settings):
    settings.ANTHROPIC_MAX_TOKENS, settings.ANTHROPIC_TEMPERATURE = 1234, 0.3
    run_job([make_shoe()])

    sent = fake_api.requests[0]
    assert (sent["model"], sent["max_tokens"], sent["temperature"]) == ("claude-test", 1234, 0.3)
    assert sent["tool_choice"] == {"type": "tool", "name": "save_description"}
    prompt = sent["messages"][0]["content"]
    for fact in ("Кросівки жіночі білі", "Nordic", "Кросівки", "білий", "текстиль", "38", "39"):
        assert fact in prompt
    assert "very thin" not in sent["system"]


def test_a_product_with_almost_no_data_asks_the_model_to_stay_general(fake_api, catalog, run_job):
    from tests.factories import make_product

    bare = make_product(None, name="Кросівки")
    run_job([bare])
    assert "very thin" in fake_api.requests[0]["system"]


def test_an_answer_that_fails_validation_marks_the_product_failed_and_leaves_it_alone(
        fake_api, make_shoe, run_job):
    first, second = make_shoe(), make_shoe(name="Кросівки чорні")
    fake_api.answer({"description_html": "<p>Коротко.</p>"})  # first product: too short, no list

    job = run_job([first, second])

    failed, done = job.items.order_by("product_id")
    assert failed.status == AIJobItem.Status.FAILED and "too short" in failed.error
    assert done.status == AIJobItem.Status.DONE  # one failure never stops the rest
    assert not revisions_of(first).exists()
    first.refresh_from_db()
    assert not first.has_unpublished_changes
    assert (job.done, job.failed, job.status) == (1, 1, AIJob.Status.FINISHED)


@pytest.mark.parametrize("answer, reason", [
    ({"description_html": "<p>Удобные кроссовки на каждый день, лёгкие и мягкие, подходят для "
                          "прогулок по городу и долгих поездок.</p>"
                          "<ul><li>Цвет: белый</li><li>Материал: текстиль</li></ul>"
                          "<p>Уход: чистите мягкой щёткой.</p>"},
     "Russian"),
    ({"description_html": "<p>Зручні жіночі кросівки розміру 41, легкі та м'які, підходять для "
                          "прогулянок містом і довгих подорожей.</p>"
                          "<ul><li>Колір: білий</li><li>Матеріал: текстиль</li></ul>"
                          "<p>Догляд: чистіть м'якою щіткою.</p>"},
     "41"),
    ({"something": "else"}, "lacks description_html"),
])
def test_wrong_language_invented_facts_and_missing_fields_are_refused(fake_api, make_shoe, run_job,
                                                                       answer, reason):
    shoe = make_shoe()
    fake_api.answer(answer)
    job = run_job([shoe])
    assert reason in job.items.get().error
    assert not revisions_of(shoe).exists()


def test_seo_text_longer_than_allowed_is_refused(fake_api, make_shoe, run_job):
    shoe = make_shoe()
    fake_api.answer({"seo_title": "Білі жіночі кросівки " * 5, "meta_description": "Зручні кросівки."})
    job = run_job([shoe], kind=Kind.SEO)
    assert "at most 60" in job.items.get().error


def test_seo_and_translation_fill_their_fields(fake_api, make_shoe, run_job):
    shoe = make_shoe(description="<p>Зручні кросівки</p>")
    run_job([shoe], kind=Kind.SEO)
    run_job([shoe], kind=Kind.TRANSLATION)

    shoe.refresh_from_db()
    draft = shoe.get_latest_revision_as_object()
    assert draft.seo_title == "Білі жіночі кросівки — купити в Україні"
    assert draft.meta_description.startswith("Зручні білі кросівки")
    assert draft.name_en == "White women's sneakers"
    assert draft.description_en == "<p>Comfortable everyday sneakers.</p>"
    # The translation started from the SEO draft awaiting review, not from the live row.
    assert "Білі жіночі кросівки" in fake_api.requests[1]["messages"][0]["content"]
    assert revisions_of(shoe).count() == 3  # the live state kept as a baseline, then one per text


def test_publish_when_done_publishes_and_keeps_the_feed_price(fake_api, make_shoe, run_job, supplier):
    shoe = make_shoe(supplier=supplier, sync_id="newfeet:1", supplier_price=Decimal("1000"))
    job = run_job([shoe], publish=True)

    shoe.refresh_from_db()
    assert job.items.get().status == AIJobItem.Status.PUBLISHED
    assert "Зручні жіночі кросівки" in shoe.description and not shoe.has_unpublished_changes
    assert "description" in shoe.manual_fields  # the next sync keeps the AI text
    assert shoe.total_stock == 3


def test_publishing_an_ai_draft_later_keeps_what_the_feed_changed_meanwhile(fake_api, make_shoe, run_job,
                                                                            supplier, boss):
    shoe = make_shoe(supplier=supplier, sync_id="newfeet:1", supplier_price=Decimal("1000"))
    run_job([shoe])
    Product.objects.filter(pk=shoe.pk).update(supplier_price=Decimal("1500"), price=Decimal("1500"),
                                              current_price=Decimal("1500"))
    shoe.refresh_from_db()

    shoe.latest_revision.publish(user=boss)

    shoe.refresh_from_db()
    assert "Зручні жіночі кросівки" in shoe.description
    assert shoe.price == Decimal("1500")


def test_rate_limit_is_retried_after_the_time_the_api_asks(fake_api, make_shoe, run_job, sleeps):
    fake_api.fail(429, "rate_limit_error", "Slow down", headers={"retry-after": "7"})
    job = run_job([make_shoe()])

    assert sleeps == [7.0]
    assert job.items.get().status == AIJobItem.Status.DONE
    assert len(fake_api.requests) == 2


def test_overloaded_is_retried_with_backoff(fake_api, make_shoe, run_job, sleeps):
    fake_api.fail(529, "overloaded_error", "Overloaded")
    fake_api.fail(529, "overloaded_error", "Overloaded")
    job = run_job([make_shoe()])

    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] > 0  # exponential backoff
    assert job.items.get().status == AIJobItem.Status.DONE


def test_overloaded_beyond_the_retries_fails_that_product_only(fake_api, make_shoe, run_job, sleeps):
    first, second = make_shoe(), make_shoe(name="Кросівки чорні")
    for _ in range(3):  # the first try and both retries
        fake_api.fail(529, "overloaded_error", "Overloaded")

    job = run_job([first, second])

    failed, done = job.items.order_by("product_id")
    assert "overloaded" in failed.error and done.status == AIJobItem.Status.DONE
    assert not revisions_of(first).exists()


def test_an_unreachable_api_fails_the_products_with_a_clear_reason(fake_api, make_shoe, run_job,
                                                                   sleeps, settings):
    settings.ANTHROPIC_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    shoe = make_shoe()
    job = run_job([shoe])
    assert job.items.get().error == "Could not reach the Anthropic API."
    assert job.status == AIJob.Status.FINISHED and not revisions_of(shoe).exists()


def test_a_rejected_key_stops_the_job_and_touches_nothing(fake_api, make_shoe, run_job):
    products = [make_shoe(), make_shoe(name="Кросівки чорні")]
    fake_api.fail(401, "authentication_error", "invalid x-api-key")

    job = run_job(products)

    assert job.status == AIJob.Status.FAILED and "invalid x-api-key" in job.error
    assert (job.done, job.failed) == (0, 2) and len(fake_api.requests) == 1
    assert not Revision.objects.exists()


def test_cancelling_half_way_keeps_written_drafts_and_leaves_the_rest(fake_api, make_shoe, run_job,
                                                                     monkeypatch):
    from aicontent import answers

    products = [make_shoe(name=f"Кросівки {n}") for n in range(3)]
    original = answers.save_ai_draft

    def save_then_cancel(**kwargs):
        result = original(**kwargs)
        cancel_job(kwargs["job"])  # the manager presses Cancel while the first answer is applied
        return result

    monkeypatch.setattr(answers, "save_ai_draft", save_then_cancel)
    job = run_job(products)

    statuses = list(job.items.order_by("product_id").values_list("status", flat=True))
    assert statuses == ["done", "cancelled", "cancelled"]
    assert job.status == AIJob.Status.CANCELLED and len(fake_api.requests) == 1
    assert revisions_of(products[0]).exists() and not revisions_of(products[1]).exists()


def test_a_product_locked_by_someone_else_is_not_drafted(fake_api, make_shoe, run_job):
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user("other", "o@example.com", "pw")
    shoe = make_shoe()
    Product.objects.filter(pk=shoe.pk).update(locked=True, locked_by=other)
    job = run_job([shoe])
    assert "locked" in job.items.get().error
    assert not revisions_of(shoe).exists()


def test_tokens_and_cost_are_counted(fake_api, make_shoe, run_job, settings):
    settings.ANTHROPIC_PRICE_INPUT_PER_MTOK, settings.ANTHROPIC_PRICE_OUTPUT_PER_MTOK = "3", "15"
    job = run_job([make_shoe(), make_shoe(name="Кросівки чорні")])
    assert (job.input_tokens, job.output_tokens) == (2000, 1000)
    assert job.estimated_cost == Decimal("0.021")  # 2000 × $3 + 1000 × $15 per million


def test_without_an_api_key_no_job_starts(no_api_key, make_shoe, boss):
    with pytest.raises(NotConfigured):
        start_job(user=boss, product_ids=[make_shoe().pk], kind=Kind.DESCRIPTION)
    assert not AIJob.objects.exists()


def test_a_request_that_times_out_fails_that_product(fake_api, make_shoe, run_job, settings):
    import time

    settings.ANTHROPIC_TIMEOUT, settings.ANTHROPIC_MAX_RETRIES = 0.2, 0
    fake_api.server.clear()
    fake_api.server.expect_request("/v1/messages").respond_with_handler(
        lambda request: time.sleep(2) or fake_api.json({}))  # answers long after the client gave up
    shoe = make_shoe()
    job = run_job([shoe])
    assert job.items.get().error == "The Anthropic API did not answer in time."
    assert not revisions_of(shoe).exists()


def test_an_error_while_saving_fails_that_product_only(fake_api, make_shoe, run_job, monkeypatch):
    from aicontent import answers

    first, second = make_shoe(), make_shoe(name="Кросівки чорні")
    original = answers.save_ai_draft

    def broken_once(**kwargs):
        if kwargs["product_id"] == first.pk:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(answers, "save_ai_draft", broken_once)
    job = run_job([first, second])
    failed, done = job.items.order_by("product_id")
    assert "disk full" in failed.error and done.status == AIJobItem.Status.DONE


def test_a_job_whose_worker_died_is_resumed_where_it_stopped(fake_api, make_shoe, boss):
    from aicontent.jobs import run_job as run_task

    done_before, pending = make_shoe(), make_shoe(name="Кросівки чорні")
    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=2, done=1,
                               status=AIJob.Status.RUNNING, model_name="claude-test")
    AIJobItem.objects.create(job=job, product=done_before, status=AIJobItem.Status.DONE)
    AIJobItem.objects.create(job=job, product=pending)

    run_task(job.pk)  # django-q2 redelivers the task

    job.refresh_from_db()
    assert len(fake_api.requests) == 1 and (job.done, job.status) == (2, AIJob.Status.FINISHED)
    assert not revisions_of(done_before).exists() and revisions_of(pending).exists()


def test_a_finished_or_cancelled_job_is_never_run_again(fake_api, make_shoe, boss):
    from aicontent.jobs import run_job as run_task

    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=1, status=AIJob.Status.CANCELLED)
    AIJobItem.objects.create(job=job, product=make_shoe(), status=AIJobItem.Status.CANCELLED)
    run_task(job.pk)
    assert fake_api.requests == []


def test_a_product_deleted_while_the_job_runs_is_skipped(fake_api, make_shoe, run_job, monkeypatch):
    from aicontent import jobs

    doomed, kept = make_shoe(), make_shoe(name="Кросівки чорні")
    original = jobs.product_facts

    def delete_then_read(product):
        facts = original(product)
        if product.pk == doomed.pk:
            Product.objects.filter(pk=doomed.pk).delete()  # someone deletes it mid-request
        return facts

    monkeypatch.setattr(jobs, "product_facts", delete_then_read)
    job = run_job([doomed, kept])
    assert list(job.items.values_list("product_id", "status")) == [(kept.pk, "done")]
    assert job.status == AIJob.Status.FINISHED

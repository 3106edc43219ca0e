"""The AI content admin: bulk actions, editor buttons, job pages, review links, permissions."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aicontent.models import AIJob, AIJobItem, Kind
from shop.models import Product
from tests.admin.helpers import make_editor
from tests.factories import make_product

pytestmark = pytest.mark.django_db

LIST_URL = reverse("wagtailsnippets_shop_product:list")


def bulk_url(action, products):
    ids = "&".join(f"id={p.pk}" for p in products)
    return f"{reverse('wagtail_bulk_action', args=('shop', 'product', action))}?{ids}&next={LIST_URL}"


def test_the_listing_offers_the_ai_bulk_actions(boss_client, make_shoe):
    make_shoe()
    html = boss_client.get(LIST_URL).content.decode()
    for action in ("aicontent-description", "aicontent-seo", "aicontent-translation"):
        assert reverse("wagtail_bulk_action", args=("shop", "product", action)) in html


def test_bulk_ai_description_drafts_every_selected_product_and_shows_the_job(
        fake_api, make_shoe, boss_client, django_capture_on_commit_callbacks):
    products = [make_shoe(name=f"Кросівки {n}") for n in range(4)]
    confirm = boss_client.get(bulk_url("aicontent-description", products))
    assert confirm.status_code == 200 and "Кросівки 3" in confirm.content.decode()
    assert not AIJob.objects.exists()  # nothing happens before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = boss_client.post(bulk_url("aicontent-description", products), {"publish": ""})

    job = AIJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("aicontent:job", args=(job.pk,))
    job.refresh_from_db()
    assert (job.kind, job.total, job.done, job.status) == (Kind.DESCRIPTION, 4, 4, AIJob.Status.FINISHED)
    for product in products:
        product.refresh_from_db()
        assert product.has_unpublished_changes and product.live  # drafts; the live pages stay

    page = boss_client.get(response.url).content.decode()
    item = job.items.first()
    compare = reverse("wagtailsnippets_shop_product:revisions_compare",
                      args=(item.product_id, item.previous_revision_id, item.revision_id))
    assert compare in page
    diff = boss_client.get(compare)
    assert diff.status_code == 200 and "Зручні жіночі кросівки" in diff.content.decode()
    preview = reverse("wagtailsnippets_shop_product:revisions_view", args=(item.product_id, item.revision_id))
    assert preview in page and boss_client.get(preview).status_code == 200


def test_bulk_publish_when_done_is_offered_and_honoured(fake_api, make_shoe, boss_client,
                                                        django_capture_on_commit_callbacks):
    shoe = make_shoe()
    assert 'name="publish"' in boss_client.get(bulk_url("aicontent-seo", [shoe])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        boss_client.post(bulk_url("aicontent-seo", [shoe]), {"publish": "on"})
    shoe.refresh_from_db()
    assert shoe.seo_title == "Білі жіночі кросівки — купити в Україні" and not shoe.has_unpublished_changes


def test_revert_after_an_ai_draft_brings_back_the_text_before(fake_api, make_shoe, boss_client, boss,
                                                              django_capture_on_commit_callbacks):
    shoe = make_shoe(description="<p>Ручний текст</p>")
    before = shoe.save_revision(user=boss)
    with django_capture_on_commit_callbacks(execute=True):
        boss_client.post(bulk_url("aicontent-description", [shoe]), {})
    item = AIJobItem.objects.get()
    assert item.previous_revision == before
    page = boss_client.get(reverse("aicontent:job", args=(item.job_id,))).content.decode()
    revert = reverse("wagtailsnippets_shop_product:revisions_revert", args=(shoe.pk, before.pk))
    assert revert in page
    form = boss_client.get(revert)
    html = form.content.decode()
    # The editor opens with the text from before the AI draft (Draftail's JSON escapes it).
    assert form.status_code == 200
    assert "Ручний текст" in html or json.dumps("Ручний текст")[1:-1] in html


def test_history_lists_the_ai_draft_with_its_own_label(fake_api, make_shoe, boss_client,
                                                      django_capture_on_commit_callbacks):
    shoe = make_shoe()
    with django_capture_on_commit_callbacks(execute=True):
        boss_client.post(bulk_url("aicontent-description", [shoe]), {})
    html = boss_client.get(reverse("wagtailsnippets_shop_product:history", args=(shoe.pk,))).content.decode()
    assert "AI job #" in html or "AI-завдання" in html


def test_the_status_endpoint_reports_progress(fake_api, make_shoe, boss_client, boss):
    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=4, done=1, failed=1,
                               status=AIJob.Status.RUNNING)
    data = json.loads(boss_client.get(reverse("aicontent:job_status", args=(job.pk,))).content)
    assert (data["percent"], data["open"], data["done"], data["failed"]) == (50, True, 1, 1)


def test_the_job_page_loads_the_progress_script_and_cancel_works(fake_api, make_shoe, boss_client, boss):
    shoe = make_shoe()
    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=1, status=AIJob.Status.RUNNING)
    AIJobItem.objects.create(job=job, product=shoe)
    html = boss_client.get(reverse("aicontent:job", args=(job.pk,))).content.decode()
    assert "aicontent/job-progress.js" in html and reverse("aicontent:job_status", args=(job.pk,)) in html

    boss_client.post(reverse("aicontent:job_cancel", args=(job.pk,)))

    job.refresh_from_db()
    assert job.status == AIJob.Status.CANCELLED
    assert job.items.get().status == AIJobItem.Status.CANCELLED


def test_retry_starts_a_job_over_the_failed_products(fake_api, make_shoe, boss_client, boss,
                                                     django_capture_on_commit_callbacks):
    ok, bad = make_shoe(), make_shoe(name="Кросівки чорні")
    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=2, done=1, failed=1,
                               status=AIJob.Status.FINISHED)
    AIJobItem.objects.create(job=job, product=ok, status=AIJobItem.Status.DONE)
    AIJobItem.objects.create(job=job, product=bad, status=AIJobItem.Status.FAILED, error="x")
    with django_capture_on_commit_callbacks(execute=True):
        boss_client.post(reverse("aicontent:job_retry", args=(job.pk,)))
    retry = AIJob.objects.exclude(pk=job.pk).get()
    assert list(retry.items.values_list("product_id", flat=True)) == [bad.pk]


def test_the_job_list_costs_the_same_queries_for_one_job_or_many(boss_client, boss):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert boss_client.get(reverse("aicontent:jobs")).status_code == 200
        return len(queries)

    AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=1)
    one = count_queries()
    for n in range(10):
        user = get_user_model().objects.create_user(f"u{n}")
        AIJob.objects.create(kind=Kind.DESCRIPTION, requested_by=user, total=2)
    assert count_queries() == one


def test_the_job_page_costs_the_same_queries_for_few_or_many_products(fake_api, make_shoe, boss_client,
                                                                      boss):
    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=0, status=AIJob.Status.FINISHED)
    url = reverse("aicontent:job", args=(job.pk,))

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert boss_client.get(url).status_code == 200
        return len(queries)

    AIJobItem.objects.create(job=job, product=make_shoe())
    one = count_queries()
    for n in range(5):
        AIJobItem.objects.create(job=job, product=make_shoe(name=f"Кросівки {n}"))
    assert count_queries() == one


def test_products_without_a_description_of_a_supplier(fake_api, make_shoe, boss_client, supplier,
                                                      django_capture_on_commit_callbacks):
    bare = make_shoe(supplier=supplier, description="")
    make_shoe(supplier=supplier, description="<p>Вже є</p>")
    make_shoe(description="")  # another supplier's

    url = reverse("aicontent:missing") + f"?supplier={supplier.pk}"
    assert boss_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = boss_client.post(url, {"supplier": supplier.pk, "kind": "description"})

    job = AIJob.objects.get()
    assert response.status_code == 302
    assert list(job.items.values_list("product_id", flat=True)) == [bare.pk]
    assert "NewFeet" in job.scope


def test_products_without_a_description_of_a_category_include_subcategories(fake_api, catalog, boss_client,
                                                                           django_capture_on_commit_callbacks):
    in_sub = make_product(catalog["boots"], name="Чоботи")
    make_product(None, name="Без категорії")
    with django_capture_on_commit_callbacks(execute=True):
        boss_client.post(reverse("aicontent:missing"),
                         {"category": catalog["women"].pk, "kind": "description"})
    assert list(AIJob.objects.get().items.values_list("product_id", flat=True)) == [in_sub.pk]


def test_missing_text_needs_a_supplier_or_category(fake_api, boss_client):
    response = boss_client.post(reverse("aicontent:missing"), {"kind": "description"})
    assert response.status_code == 200 and not AIJob.objects.exists()
    assert "Choose a supplier or a category." in response.content.decode() or \
        "Виберіть постачальника або категорію." in response.content.decode()


def test_the_editor_offers_ai_buttons(fake_api, make_shoe, boss_client):
    shoe = make_shoe()
    html = boss_client.get(reverse("wagtailsnippets_shop_product:edit", args=(shoe.pk,))).content.decode()
    start = reverse("aicontent:product", args=(shoe.pk,))
    assert f"{start}?kind=description" in html and f"{start}?kind=seo" in html


def test_one_product_from_its_editor(fake_api, make_shoe, boss_client, django_capture_on_commit_callbacks):
    shoe = make_shoe(description="<p>Є текст</p>")
    url = reverse("aicontent:product", args=(shoe.pk,)) + "?kind=translation"
    assert boss_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = boss_client.post(url, {"kind": "translation"})
    job = AIJob.objects.get()
    assert response.url == reverse("aicontent:job", args=(job.pk,))
    shoe.refresh_from_db()
    assert shoe.get_latest_revision_as_object().name_en == "White women's sneakers"


def test_without_a_key_the_buttons_show_but_are_disabled_with_the_reason(no_api_key, make_shoe, boss_client):
    shoe = make_shoe()
    html = boss_client.get(reverse("wagtailsnippets_shop_product:edit", args=(shoe.pk,))).content.decode()
    assert reverse("aicontent:product", args=(shoe.pk,)) not in html
    assert "ANTHROPIC_API_KEY" in html and "disabled" in html

    confirm = boss_client.get(bulk_url("aicontent-description", [shoe])).content.decode()
    assert "ANTHROPIC_API_KEY" in confirm and 'name="publish"' not in confirm
    boss_client.post(bulk_url("aicontent-description", [shoe]), {})
    assert not AIJob.objects.exists()
    assert boss_client.get(reverse("aicontent:jobs")).status_code == 200


def test_the_ai_pages_need_the_product_change_permission(fake_api, make_shoe, client, boss):
    job = AIJob.objects.create(kind=Kind.SEO, requested_by=boss, total=0)
    client.force_login(make_editor("clerk", "change_warehouse"))
    for url in (reverse("aicontent:jobs"), reverse("aicontent:job", args=(job.pk,)),
                reverse("aicontent:job_status", args=(job.pk,)), reverse("aicontent:missing"),
                reverse("aicontent:product", args=(make_shoe().pk,))):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("aicontent:job_cancel", args=(job.pk,))).status_code in (302, 403)
    job.refresh_from_db()
    assert job.status == AIJob.Status.QUEUED


def test_a_writer_without_publish_permission_cannot_publish_when_done(
        fake_api, make_shoe, client, django_capture_on_commit_callbacks):
    client.force_login(make_editor("writer", "change_product", "view_product"))
    shoe = make_shoe()
    html = client.get(bulk_url("aicontent-description", [shoe])).content.decode()
    assert 'name="publish"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("aicontent:product", args=(shoe.pk,)), {"kind": "seo", "publish": "on"})
    assert AIJob.objects.get().publish_when_done is False
    assert Product.objects.get(pk=shoe.pk).seo_title == ""


def test_suppliers_and_categories_link_to_their_products_without_a_description(boss_client, supplier,
                                                                               catalog):
    missing = reverse("aicontent:missing")
    suppliers = boss_client.get(reverse("wagtailsnippets_suppliers_supplier:list")).content.decode()
    assert f"{missing}?supplier={supplier.pk}" in suppliers
    pages = boss_client.get(reverse("wagtailadmin_explore", args=(catalog["women"].pk,))).content.decode()
    assert f"{missing}?category={catalog['sneakers'].pk}" in pages


def test_a_hundred_products_get_descriptions_and_seo_through_batches(
        fake_api, make_shoe, boss_client, settings, django_capture_on_commit_callbacks, no_search_indexing):
    from aicontent.batches import poll_batch

    settings.AICONTENT_BATCH_THRESHOLD = 50
    products = [make_shoe(name=f"Кросівки {n}") for n in range(100)]
    for action, tool in (("aicontent-description", "save_description"), ("aicontent-seo", "save_seo")):
        fake_api.batch_results, fake_api.batch_state = {}, "in_progress"
        with django_capture_on_commit_callbacks(execute=True):
            response = boss_client.post(bulk_url(action, products), {})
        job = AIJob.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
        assert job.use_batch and len(fake_api.batch_requests) == 100
        progress = json.loads(boss_client.get(reverse("aicontent:job_status", args=(job.pk,))).content)
        assert progress["open"] and progress["percent"] == 0
        for request in fake_api.batch_requests:
            fake_api.succeed(request["custom_id"], tool=tool)
        fake_api.batch_state = "ended"

        poll_batch(job.pk)

        progress = json.loads(boss_client.get(reverse("aicontent:job_status", args=(job.pk,))).content)
        assert (progress["open"], progress["done"], progress["percent"]) == (False, 100, 100)

    for product in Product.objects.filter(pk__in=[p.pk for p in products]):
        draft = product.get_latest_revision_as_object()
        assert "Зручні жіночі кросівки" in draft.description and draft.seo_title
        assert product.description == "" and product.seo_title == ""  # nothing published silently

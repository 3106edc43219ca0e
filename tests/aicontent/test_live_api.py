"""A smoke test against the real Anthropic API; runs only when ANTHROPIC_API_KEY is set."""

import os

import pytest

from aicontent.jobs import start_job
from aicontent.models import AIJob, AIJobItem, Kind

pytestmark = [
    pytest.mark.anthropic_live,
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("ANTHROPIC_API_KEY"), reason="ANTHROPIC_API_KEY is not set"),
]


@pytest.mark.parametrize("kind", [Kind.DESCRIPTION, Kind.SEO])
def test_the_real_api_writes_a_valid_draft(make_shoe, boss, settings, kind,
                                           django_capture_on_commit_callbacks):
    settings.ANTHROPIC_API_KEY = os.environ["ANTHROPIC_API_KEY"]
    settings.ANTHROPIC_BASE_URL = os.environ.get("ANTHROPIC_BASE_URL") or None
    shoe = make_shoe(description="<p>Кросівки з текстилю, білі, легка гумова підошва.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(user=boss, product_ids=[shoe.pk], kind=kind)
    job.refresh_from_db()
    item = job.items.get()
    assert job.status == AIJob.Status.FINISHED, job.error
    assert item.status == AIJobItem.Status.DONE, item.error
    assert job.input_tokens > 0 and job.estimated_cost > 0

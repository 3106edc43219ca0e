"""Search analytics in the Wagtail admin: top searches, searches without results, synonyms."""

import pytest
from django.utils import timezone

from search import analytics
from search.models import SearchQuery, SearchSynonym

pytestmark = pytest.mark.django_db


def test_top_searches_and_zero_results_listings(admin_client, shop):
    for _ in range(3):
        analytics.record("чоботи", 2)
    analytics.record("фламінго", 0)
    old = SearchQuery.objects.create(text="старий запит", hits=50, results=1)
    old.days.create(day=timezone.localdate() - timezone.timedelta(days=90), hits=50, results=1)
    html = admin_client.get("/admin/snippets/search/searchquery/").content.decode()
    assert html.index("чоботи") < html.index("фламінго") < html.index("старий запит")  # last 30 days
    zero = admin_client.get("/admin/snippets/search/zeroresultquery/").content.decode()
    assert "фламінго" in zero and "чоботи" not in zero


def test_managers_mark_queries_popular(admin_client, shop):
    analytics.record("ботильйони", 4)
    query = SearchQuery.objects.get()
    url = f"/admin/snippets/search/searchquery/edit/{query.pk}/"
    response = admin_client.post(url, {"popular": "on", "text": "змінений текст"})
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.popular and query.text == "ботильйони"  # the text itself is not editable
    assert analytics.popular_queries() == ["ботильйони"]


def test_synonyms_are_edited_in_the_admin(admin_client, shop):
    response = admin_client.post("/admin/snippets/search/searchsynonym/add/",
                                 {"terms": "черевики, мартинси", "one_way": "on", "note": ""})
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(terms="черевики, мартинси", one_way=True).exists()
    assert admin_client.get("/api/search", {"q": "мартинси"}).json()["total"] == 1


def test_the_search_menu_needs_permissions(client, shop, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/snippets/search/searchquery/").status_code in (302, 403)

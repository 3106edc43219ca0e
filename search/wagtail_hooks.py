"""The Search menu in the Wagtail admin: synonyms, top searches, searches without results.

Managers tick "popular" on a query to show it in the homepage's popular-searches section.
"""

from datetime import timedelta

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import SearchQuery, SearchSynonym, ZeroResultQuery

RECENT_DAYS = 30


class SynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "link"
    menu_label = _("Synonyms")
    menu_name = "synonyms"  # stable whatever the language of the label
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]
    search_backend_name = None


class QueryViewSet(SnippetViewSet):
    """The most searched queries of the last 30 days first."""

    model = SearchQuery
    icon = "search"
    menu_label = _("Top searches")
    menu_name = "top-searches"
    list_display = [
        "text",
        NumberColumn("recent_hits", label=_("Searches, 30 days"), sort_key="recent_hits"),
        NumberColumn("hits", label=_("Searches, all time"), sort_key="hits"),
        NumberColumn("results", label=_("Results"), sort_key="results"),
        BooleanColumn("popular", label=_("Popular"), sort_key="popular"),
        DateColumn("last_searched_at", label=_("Last searched"), sort_key="last_searched_at"),
    ]
    list_filter = ["popular"]
    search_fields = ["text"]
    search_backend_name = None
    ordering = ["-recent_hits", "-hits"]
    list_per_page = 100

    def get_queryset(self, request):
        since = timezone.localdate() - timedelta(days=RECENT_DAYS)
        return self.model.objects.annotate(
            recent_hits=Coalesce(Sum("days__hits", filter=Q(days__day__gte=since)), 0))


class ZeroResultViewSet(QueryViewSet):
    model = ZeroResultQuery
    icon = "warning"
    menu_label = _("Searches without results")
    menu_name = "searches-without-results"
    list_display = [
        "text",
        NumberColumn("recent_hits", label=_("Searches, 30 days"), sort_key="recent_hits"),
        NumberColumn("hits", label=_("Searches, all time"), sort_key="hits"),
        DateColumn("last_searched_at", label=_("Last searched"), sort_key="last_searched_at"),
        Column("popular", label=_("Popular")),
    ]
    list_filter = []

    def get_queryset(self, request):
        return super().get_queryset(request).filter(results=0)


class SearchGroup(SnippetViewSetGroup):
    menu_label = _("Search")
    menu_name = "search"
    menu_icon = "search"
    menu_order = 250
    items = (QueryViewSet, ZeroResultViewSet, SynonymViewSet)


register_snippet(SearchGroup)

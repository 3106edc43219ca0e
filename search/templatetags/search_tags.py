from django import template

from search.analytics import popular_queries
from search.text import fold

register = template.Library()


@register.simple_tag
def popular_searches(editor_queries=(), limit=12):
    """The editor's queries, then those managers marked popular in search analytics; no repeats."""
    shown, seen = [], set()
    for query in [*(editor_queries or ()), *popular_queries(limit)]:
        key = fold(query)
        if key and key not in seen:
            seen.add(key)
            shown.append(query)
    return shown[:limit]

"""Full-text search over events: PostgreSQL full-text search when on PostgreSQL, a plain fallback on SQLite."""

from django.db import connection
from django.db.models import Q

from events.models import EventQuerySet


def search_events(events: EventQuerySet, query: str) -> EventQuerySet:
    """Events whose headline, summary or evidence match `query` ("amnesty law" → both words somewhere)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("headline", "summary", "evidence__quote", config="english")
        return events.annotate(search=vector).filter(search=SearchQuery(query, config="english")).distinct()
    condition = Q()
    for word in query.split()[:10]:
        condition &= Q(headline__icontains=word) | Q(summary__icontains=word) | Q(evidence__quote__icontains=word)
    return events.filter(condition).distinct()

"""Full-text search over events: PostgreSQL full-text search when on PostgreSQL, a plain fallback on SQLite.

On PostgreSQL the two documents below are also the expressions of the GIN indexes that migration 0004
creates, built from the same objects, so the planner matches the query to the index.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from events.models import Event, EventQuerySet, Evidence

MAX_WORDS = 10
SEARCH_CONFIG = "english"


def event_document() -> SearchVector:
    return SearchVector("headline", "summary", config=SEARCH_CONFIG)


def evidence_document() -> SearchVector:
    return SearchVector("quote", config=SEARCH_CONFIG)


def search_events(events: EventQuerySet, query: str) -> EventQuerySet:
    """Events whose headline, summary or evidence match `query`.

    "amnesty law" → both words somewhere in the headline and summary, or both in one evidence quote;
    on PostgreSQL with stemming and web-search syntax ("amnesty -military", "\"armed forces\"").
    Each side is a subquery answered by its own index, so a row never repeats.
    """
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        in_text = Event.objects.annotate(document=event_document()).filter(document=terms).values("pk")
        in_evidence = (
            Evidence.objects.annotate(document=evidence_document())
            .filter(document=terms, event__isnull=False)
            .values("event_id")
        )
        return events.filter(Q(pk__in=in_text) | Q(pk__in=in_evidence))
    # SQLite: every word must appear (case-insensitively for ASCII) in the headline, summary or evidence.
    in_text, in_evidence = Q(), Q()
    for word in query.split()[:MAX_WORDS]:
        in_text &= Q(headline__icontains=word) | Q(summary__icontains=word)
        in_evidence &= Q(quote__icontains=word)
    if not in_text:
        return events
    quoted = Evidence.objects.filter(in_evidence, event__isnull=False).values("event_id")
    return events.filter(in_text | Q(pk__in=quoted))

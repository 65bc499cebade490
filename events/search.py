"""Full-text search over events: PostgreSQL full-text search when on PostgreSQL, a plain fallback on SQLite.

On PostgreSQL every event has a stored `search_document` (headline, summary and evidence quotes, kept
true by triggers; migration 0008) with a GIN index. The planner has statistics on its words, so it
answers a rare term through the index and a common one by walking the timeline's date index, which
stops after a page; no count over the whole match set is ever made.
"""

from django.db import connections
from django.db.models import BooleanField, Expression, F, Q, Value

from events.models import EventQuerySet, Evidence

MAX_WORDS = 10
SEARCH_CONFIG = "english"


class DocumentMatches(Expression):
    """`<event>.search_document @@ websearch_to_tsquery('english', query)`, for whatever alias the event
    table has in the query (the column is not a model field: see migration 0008)."""

    output_field = BooleanField()

    def __init__(self, query: str):
        super().__init__()
        self.pk, self.query = F("pk"), Value(query)

    def get_source_expressions(self):
        return [self.pk, self.query]

    def set_source_expressions(self, expressions):
        self.pk, self.query = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)  # '"events_event"."id"', or "U0"."id" in a subquery
        table = pk_sql.rsplit(".", 1)[0]
        query_sql, query_params = compiler.compile(self.query)
        return (
            f"{table}.\"search_document\" @@ websearch_to_tsquery('{SEARCH_CONFIG}', {query_sql})",
            [*pk_params, *query_params],
        )


def search_events(events: EventQuerySet, query: str) -> EventQuerySet:
    """Events whose headline, summary and evidence quotes together hold every word of `query`.

    "amnesty law" → both words somewhere in the event's text; on PostgreSQL with stemming and web-search
    syntax ("amnesty -military", "\\"armed forces\\"", "amnesty or pardon").
    """
    if connections[events.db].vendor == "postgresql":
        return events.filter(DocumentMatches(query))
    # SQLite: every word must appear (case-insensitively for ASCII) in the headline, summary or a quote.
    matches = Q()
    for word in query.split()[:MAX_WORDS]:
        quoted = Evidence.objects.filter(quote__icontains=word, event__isnull=False).values("event_id")
        matches &= Q(headline__icontains=word) | Q(summary__icontains=word) | Q(pk__in=quoted)
    return events.filter(matches) if matches else events

"""Full-text search over events: PostgreSQL full-text search when on PostgreSQL, a plain fallback on SQLite.

On PostgreSQL the two documents below are also the expressions of the GIN indexes that migration 0004
creates, built from the same objects, so the planner matches the query to the index.
"""

import json

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, F, Func, Q

from events.models import Event, EventQuerySet, Evidence

MAX_WORDS = 10
SEARCH_CONFIG = "english"
# A term the planner expects in more than this share of all events is "common": the timeline then walks
# its date index and tests each row (it finds a page of matches within the first rows), instead of
# collecting every match through the GIN index first (hundreds of thousands of ids for "reported").
COMMON_SHARE = 0.05


class EqualsAny(Func):
    """`column = ANY(array)`."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def event_document() -> SearchVector:
    return SearchVector("headline", "summary", config=SEARCH_CONFIG)


def evidence_document() -> SearchVector:
    return SearchVector("quote", config=SEARCH_CONFIG)


def estimated_rows(queryset) -> float:
    """The planner's row estimate for `queryset` (EXPLAIN, nothing executed): what large sites show
    instead of an exact COUNT over a huge match set."""
    plan = json.loads(queryset.explain(format="json"))
    plan = plan[0] if isinstance(plan, list) else plan
    return float(plan["Plan"]["Plan Rows"])


def is_common(matches) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Event._meta.db_table])
        row = cursor.fetchone()
    total = max(float(row[0]) if row else 0.0, 1.0)
    return estimated_rows(matches) > COMMON_SHARE * total


def search_plan(query: str) -> bool | None:
    """Whether `query` is common (see COMMON_SHARE), for `search_events`; None off PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return is_common(Event.objects.alias(document=event_document()).filter(document=terms))


def search_events(events: EventQuerySet, query: str, *, common: bool | None = None) -> EventQuerySet:
    """Events whose headline, summary or evidence match `query`.

    "amnesty law" → both words somewhere in the headline and summary, or both in one evidence quote;
    on PostgreSQL with stemming and web-search syntax ("amnesty -military", "\"armed forces\"").
    A rare term is answered by the GIN indexes (each side a subquery, so a row never repeats); a common
    one is tested row by row along the timeline's date index, which stops after a page.
    """
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        in_text = Event.objects.alias(document=event_document()).filter(document=terms)
        in_evidence = (
            Evidence.objects.alias(document=evidence_document())
            .filter(document=terms, event__isnull=False)
            .values("event_id")
        )
        if common is None:
            common = is_common(in_text)
        if common:
            return events.alias(document=event_document()).filter(Q(document=terms) | Q(pk__in=in_evidence))
        # Each side's ids collected once through its GIN index (`id = ANY(ARRAY(…))`), then fetched by
        # primary key; `id IN (…) OR id IN (…)` made the planner scan the whole table instead.
        text_ids, evidence_ids = ArraySubquery(in_text.order_by().values("pk")), ArraySubquery(in_evidence.order_by())
        return events.filter(Q(EqualsAny(F("pk"), text_ids)) | Q(EqualsAny(F("pk"), evidence_ids)))
    # SQLite: every word must appear (case-insensitively for ASCII) in the headline, summary or evidence.
    in_text, in_evidence = Q(), Q()
    for word in query.split()[:MAX_WORDS]:
        in_text &= Q(headline__icontains=word) | Q(summary__icontains=word)
        in_evidence &= Q(quote__icontains=word)
    if not in_text:
        return events
    quoted = Evidence.objects.filter(in_evidence, event__isnull=False).values("event_id")
    return events.filter(in_text | Q(pk__in=quoted))

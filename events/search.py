"""Full-text search over events: PostgreSQL full-text search when on PostgreSQL, folded text on SQLite.

What is searched: the headline, summary and evidence quotes, the statements of the event's published
claims, and the names and aliases of its actors; case and accents never matter ("guaido" finds "Guaidó").
The syntax (README, "Search"): words (all must appear), "quoted phrases", -word to exclude, and on
PostgreSQL `or` between alternatives and English stemming ("marching" finds "marched").

On PostgreSQL every event has a stored `search_document` (migrations 0008 and 0011: the text above through
the `crisis_search` configuration, English with `unaccent`, kept true by triggers) with a GIN index. The
planner has statistics on its words, so it answers a rare term through the index and a common one by
walking the timeline's date index, which stops after a page; no count over the whole match set is ever
made. On SQLite each word or phrase is looked for in the folded text (`events.text.fold`, registered as
the SQL function `ct_fold` on every SQLite connection), in subqueries of the same statement.
"""

import re

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Expression, F, Func, Q, TextField, Value
from django.dispatch import receiver

from events.models import ActorAlias, Claim, EventActor, EventQuerySet, Evidence, ReviewStatus
from events.text import fold

MAX_WORDS = 10
SEARCH_CONFIG = "crisis_search"
# A "quoted phrase", or a word with an optional leading minus.
TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
WORD_BREAKS = re.compile(r"[\W_]+")
PREFIX_LENGTH = 3


class DocumentMatches(Expression):
    """`<event>.search_document @@ websearch_to_tsquery('crisis_search', query)`, for whatever alias the event
    table has in the query (the column is not a model field: see migration 0008; its configuration, 0011)."""

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


def search_text(text: str | None) -> str:
    """Text as the SQLite search compares it: folded (`events.text.fold`), punctuation as spaces, a space
    either side so a term matches at the start of a word. "(Juan Guaidó)," → " juan guaido "."""
    return f" {WORD_BREAKS.sub(' ', fold(text or '')).strip()} "


@receiver(connection_created)
def register_fold(sender, connection, **kwargs):
    """SQLite: `ct_fold(text)` is `search_text`, so a query folds stored text as it folds the words."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ct_fold", 1, search_text, deterministic=True)


class Folded(Func):
    function = "ct_fold"
    output_field = TextField()


def parse_query(query: str) -> list[tuple[bool, str]]:
    """Terms to look for, as `search_text` writes them (without the trailing space: a term matches the start
    of a word), with whether each is excluded (at most MAX_WORDS):
    'Guaidó "army defection" -riot' → [(False, " guaido"), (False, " army defection"), (True, " riot")].
    A term shorter than PREFIX_LENGTH must be a whole word (" a "), an unbalanced quote is an ordinary
    character, and a term of punctuation only is dropped."""
    terms = []
    for match in TERM.finditer(query):
        minus, phrase, word_minus, word = match.groups()
        excluded, text = (bool(minus), phrase) if phrase is not None else (bool(word_minus), word)
        folded = search_text(text)
        if len(folded.strip()) >= PREFIX_LENGTH:
            terms.append((excluded, folded.rstrip()))
        elif folded.strip():
            terms.append((excluded, folded))  # "a", "eu": the whole word, or it would match half the text
    return terms[:MAX_WORDS]


def term_matches(term: str) -> Q:
    """Events whose headline, summary, evidence quote, published claim statement, actor name or alias has
    a word starting with `term` (from `parse_query`), once folded. Every actor's name is one of its aliases."""
    quoted = Evidence.objects.annotate(f=Folded("quote")).filter(f__contains=term, event__isnull=False)
    claimed = Claim.objects.annotate(f=Folded("statement")).filter(
        f__contains=term, event__isnull=False, status=ReviewStatus.PUBLISHED
    )
    named = EventActor.objects.filter(
        actor_id__in=ActorAlias.objects.annotate(f=Folded("alias")).filter(f__contains=term).values("actor_id")
    )
    return (
        Q(folded_headline__contains=term)
        | Q(folded_summary__contains=term)
        | Q(pk__in=quoted.values("event_id"))
        | Q(pk__in=claimed.values("event_id"))
        | Q(pk__in=named.values("event_id"))
    )


def search_events(events: EventQuerySet, query: str) -> EventQuerySet:
    """Events that match `query`: every word and "phrase" somewhere in the event's text (headline, summary,
    evidence, published claims, actor names and aliases), none of the -excluded ones, whatever the case
    and accents.

    "guaido amnesty" → events naming Guaidó and amnesty; '"army defection"' → those words together;
    "amnesty -military" → amnesty without military. PostgreSQL also stems ("marching" finds "marched")
    and takes `or` ("amnesty or pardon").
    """
    if connections[events.db].vendor == "postgresql":
        return events.filter(DocumentMatches(query))
    terms = parse_query(query)
    if not terms:
        return events.none() if query.strip() else events
    events = events.annotate(folded_headline=Folded("headline"), folded_summary=Folded("summary"))
    for excluded, term in terms:
        events = events.exclude(term_matches(term)) if excluded else events.filter(term_matches(term))
    return events

"""Full-text search: PostgreSQL FTS (with its GIN indexes) or the SQLite fallback, same answers."""

import pytest
from django.db import connection

from events.models import Event
from events.search import search_events
from tests import factories


@pytest.fixture
def events(crisis):
    law = factories.EventFactory(
        crisis=crisis,
        headline="Lawmakers draft amnesty legislation",
        summary="It would offer the military immunity from prosecution.",
    )
    rally = factories.EventFactory(crisis=crisis, headline="Rally in Caracas")
    source = factories.SourceFactory(text="Tens of thousands of supporters marched through Caracas on Saturday.")
    factories.evidence_for(source, "Tens of thousands of supporters marched", event=rally)
    factories.evidence_for(source, "through Caracas on Saturday", event=rally)
    other = factories.EventFactory(crisis=crisis, headline="Sanctions announced")
    return {"law": law, "rally": rally, "other": other}


def found(query: str) -> set[str]:
    return {e.headline for e in search_events(Event.objects.all(), query)}


def test_search_finds_words_in_headline_summary_and_evidence(events):
    assert found("amnesty") == {"Lawmakers draft amnesty legislation"}
    assert found("immunity") == {"Lawmakers draft amnesty legislation"}
    assert found("supporters") == {"Rally in Caracas"}
    assert found("amnesty immunity") == {"Lawmakers draft amnesty legislation"}
    assert found("amnesty supporters") == set()
    assert found("volcano") == set()


def test_search_returns_each_event_once(events):
    assert list(search_events(Event.objects.all(), "Caracas")) == [events["rally"]]


def test_search_syntax_never_breaks(events):
    for query in ('"unbalanced', "a & | ! ( ) :*", "-", "OR OR", "'; DROP TABLE events_event; --", "é ü"):
        list(search_events(Event.objects.all(), query))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgres_stems_words(events):
    assert found("legislate marching") == set()
    assert found("marching") == {"Rally in Caracas"}
    assert found("supporter") == {"Rally in Caracas"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL only")
def test_postgres_search_uses_the_gin_indexes(events):
    # A rare term (the planner expects few matches) goes through both GIN indexes.
    query = search_events(Event.objects.all(), "amnesty", common=False).values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "event_search_gin" in plan and "evidence_search_gin" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the common-term plan exists on PostgreSQL only")
def test_postgres_common_and_rare_plans_find_the_same_events(events):
    # A common term is tested row by row along the date index; the answer must not depend on the plan.
    for query in ("amnesty", "marching", "supporter", "legislate marching"):
        rare = set(search_events(Event.objects.all(), query, common=False).values_list("pk", flat=True))
        common = set(search_events(Event.objects.all(), query, common=True).values_list("pk", flat=True))
        assert rare == common

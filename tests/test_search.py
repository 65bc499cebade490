"""Full-text search: PostgreSQL FTS (a stored document kept by triggers, a GIN index) or the SQLite
fallback, same answers."""

import pytest
from django.db import connection

from events.models import ActorAlias, Claim, Event, EventActor, ReviewStatus
from events.search import parse_query, search_events
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


@pytest.mark.parametrize("query", ['"unbalanced', "a & | ! ( ) :*", "-", "'; DROP TABLE events_event; --", "é ü"])
def test_search_syntax_never_breaks_and_matches_nothing_it_should_not(events, query):
    # Operators and stray punctuation are words to look for (SQLite) or dropped (PostgreSQL): either way
    # no event holds them, so nothing is found, nothing raises and nothing is executed.
    assert found(query) == set()
    assert Event.objects.count() == 3


def test_a_query_of_operators_only_never_returns_everything(events):
    assert found("OR OR") <= {"Rally in Caracas"}  # SQLite finds "supporters"; PostgreSQL drops both words


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgres_stems_words(events):
    assert found("legislate marching") == set()
    assert found("marching") == {"Rally in Caracas"}
    assert found("supporter") == {"Rally in Caracas"}


def test_words_may_come_from_different_parts_of_one_event(events):
    # One word in the headline, the other in an evidence quote: the event holds both.
    assert found("rally supporters") == {"Rally in Caracas"}
    assert found("rally amnesty") == set()


def test_search_sees_edits_and_evidence_changes(events):
    law = events["law"]
    law.headline = "Lawmakers draft pardon bill"
    law.save()
    assert found("amnesty") == set()
    assert found("pardon") == {"Lawmakers draft pardon bill"}
    source = factories.SourceFactory(text="The opposition called the pardon a trap for the generals.")
    quote = factories.evidence_for(source, "a trap for the generals", event=events["other"])
    assert found("generals") == {"Sanctions announced"}
    quote.event = law
    quote.save()
    assert found("generals") == {"Lawmakers draft pardon bill"}
    quote.delete()
    assert found("generals") == set()


def test_evidence_for_a_claim_alone_does_not_make_an_event_match(events, crisis):
    claim = factories.ClaimFactory(crisis=crisis, event=None)
    source = factories.SourceFactory(text="Officials denied any crackdown on the protesters.")
    factories.evidence_for(source, "denied any crackdown", claim=claim)
    assert found("crackdown") == set()


def plan_of(queryset, *settings: str) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgres_search_can_use_the_gin_index(events):
    plan = plan_of(search_events(Event.objects.all(), "amnesty").values("pk"), "enable_seqscan = off")
    assert "event_search_document_gin" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans exist on PostgreSQL only")
def test_postgres_answer_does_not_depend_on_the_plan(events):
    # Through the GIN index, or testing each row's stored document: the same events.
    def ids(query, *settings):
        with connection.cursor() as cursor:
            for setting in settings:
                cursor.execute(f"SET LOCAL {setting}")
            found = set(search_events(Event.objects.all(), query).values_list("pk", flat=True))
            cursor.execute("RESET ALL")
        return found

    for query in ("amnesty", "marching", "supporter", "rally supporters", "legislate marching", "-amnesty"):
        by_index = ids(query, "enable_seqscan = off")
        by_row = ids(query, "enable_bitmapscan = off", "enable_indexscan = off")
        assert by_index == by_row


@pytest.fixture
def named(crisis):
    """Guaidó and Nicolás as written in Spanish, Carvajal only as an actor, a claim's words, a draft claim."""
    guaido = factories.ActorFactory(name="Juan Guaidó")
    carvajal = factories.ActorFactory(name="Hugo Carvajal")
    ActorAlias.objects.create(actor=carvajal, alias="El Pollo")
    rally = factories.EventFactory(crisis=crisis, headline="Rally in the capital", summary="Supporters gathered.")
    factories.EventActorFactory(event=rally, actor=guaido)
    speech = factories.EventFactory(
        crisis=crisis, headline="Nicolás Maduro speaks", summary="An army defection denied."
    )
    defection = factories.EventFactory(crisis=crisis, headline="General changes sides")
    factories.EventActorFactory(event=defection, actor=carvajal)
    factories.ClaimFactory(crisis=crisis, event=defection, statement="The armed forces are fracturing")
    factories.ClaimFactory(crisis=crisis, event=speech, statement="A secret plot", status=ReviewStatus.DRAFT)
    return {"rally": rally, "speech": speech, "defection": defection, "guaido": guaido, "carvajal": carvajal}


def test_search_ignores_case_and_accents(named):
    assert found("guaido") == {"Rally in the capital"}  # the actor's name
    assert found("GUAIDÓ") == {"Rally in the capital"}
    assert found("nicolas") == {"Nicolás Maduro speaks"}  # the headline
    assert found("NICOLÁS maduro") == {"Nicolás Maduro speaks"}


def test_search_finds_actor_names_aliases_and_published_claims(named):
    assert found("carvajal") == {"General changes sides"}
    assert found("pollo") == {"General changes sides"}  # an alias
    assert found("fracturing") == {"General changes sides"}  # a published claim's statement
    assert found("secret plot") == set()  # a draft claim's words find nothing, for anyone


def test_quoted_phrases_and_exclusions(named):
    assert found('"army defection"') == {"Nicolás Maduro speaks"}
    assert found('"defection army"') == set()
    assert found("speaks -army") == set()
    assert found("general -army") == {"General changes sides"}


def test_search_sees_changes_to_actors_aliases_and_claims(named, crisis):
    named["guaido"].name = "Juan Gerardo Guaidó Márquez"
    named["guaido"].save()
    assert found("marquez") == {"Rally in the capital"}
    ActorAlias.objects.create(actor=named["guaido"], alias="Interim President")
    assert found("interim") == {"Rally in the capital"}
    claim = Claim.objects.get(statement="A secret plot")
    claim.status = ReviewStatus.PUBLISHED
    claim.save()
    assert found("secret plot") == {"Nicolás Maduro speaks"}
    claim.delete()
    assert found("secret") == set()
    EventActor.objects.filter(event=named["defection"]).delete()
    assert found("carvajal") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback's own rules")
def test_sqlite_terms_match_from_the_start_of_a_word():
    assert parse_query('Guaidó "army defection" -riot a') == [
        (False, " guaido"),
        (False, " army defection"),
        (True, " riot"),
        (False, " a "),
    ]

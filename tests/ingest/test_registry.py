"""The parser's one reader of the database: known actors matched by name."""

from events.ingest.registry import match_known_actors
from events.models import ActorAlias
from tests import factories


def test_match_known_actors_takes_the_exact_name_then_the_folded_alias(db, django_assert_num_queries):
    guaido = factories.ActorFactory(name="Juan Guaido")
    # An older actor holds "Guaidó" as an alias; a newer one is named exactly "Guaidó" without it.
    older = factories.ActorFactory(name="J. G. Márquez")
    ActorAlias.objects.create(actor=older, alias="Guaidó")
    exact = factories.ActorFactory(name="Guaidó")
    with django_assert_num_queries(2):
        found = match_known_actors(["JUAN GUAIDÓ", "Guaidó", "guaido", "Nobody", "", "  "])
    assert found == {"JUAN GUAIDÓ": guaido.pk, "Guaidó": exact.pk, "guaido": older.pk}
    assert match_known_actors([]) == {}

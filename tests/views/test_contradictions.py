"""The contradictions tab: groups newest first with claimants, sources and dates, the editors' decisions,
drafts kept from readers, keyset pages in a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from events.contradictions import find_contradictions
from events.models import ContradictionGroup, ReviewStatus, SpeechAct
from tests import factories

HX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def toll(crisis, event, statement, low, high=None, *, day, source=None, **fields):
    claim = factories.ClaimFactory(
        crisis=crisis,
        event=event,
        statement=statement,
        figure_measure="killed",
        figure_low=low,
        figure_high=high if high is not None else low,
        figure_text=statement.split(" ")[0],
        made_on=day,
        **fields,
    )
    if source is not None:
        factories.evidence_for(source, statement, claim=claim)
    return claim


@pytest.fixture
def contradictions(crisis):
    """A clash over a death toll (ministry 12, rights group 40, with a draft's 90) and an older denial."""
    ministry = factories.ActorFactory(name="Interior Ministry")
    rights = factories.ActorFactory(name="Foro Penal")
    clash = factories.EventFactory(crisis=crisis, headline="Clashes in Petare", date_start=dt.date(2019, 2, 20))
    source = factories.SourceFactory(outlet="El Diario", text="12 died, the ministry said. 40 died, Foro Penal said.")
    tolls = [
        toll(crisis, clash, "12 died", 12, day=dt.date(2019, 2, 21), claimant=ministry, source=source),
        toll(crisis, clash, "40 died", 40, day=dt.date(2019, 2, 22), claimant=rights, source=source),
        toll(crisis, clash, "90 died in a draft", 90, day=dt.date(2019, 2, 23), status=ReviewStatus.DRAFT),
    ]
    defection = factories.EventFactory(crisis=crisis, headline="A general defects", date_start=dt.date(2019, 2, 2))
    said = factories.ClaimFactory(
        crisis=crisis, event=defection, claimant_text="the general", statement="I back the opposition",
        speech_act=SpeechAct.ANNOUNCED, made_on=dt.date(2019, 2, 2),
    )  # fmt: skip
    denied = factories.ClaimFactory(
        crisis=crisis, event=defection, claimant_text="the army", statement="No general defected",
        speech_act=SpeechAct.DENIED, made_on=dt.date(2019, 2, 3),
    )  # fmt: skip
    groups = find_contradictions([*tolls, said, denied])
    return {
        "url": reverse("events:crisis-contradictions", kwargs={"slug": crisis.slug}),
        "toll": next(g for g in groups if g.measure == "killed"),
        "stance": next(g for g in groups if g.kind == "stance"),
        "tolls": tolls,
    }


def test_the_tab_lists_groups_newest_first_with_claimants_sources_and_dates(analyst_client, contradictions):
    response = analyst_client.get(contradictions["url"])
    html = response.content.decode()
    assert [g.pk for g in response.context["groups"]] == [contradictions["toll"].pk, contradictions["stance"].pk]
    assert "Killed: figures that do not overlap" in html and "Confirmed and denied" in html
    assert "Interior Ministry" in html and "Foro Penal" in html and "El Diario" in html
    assert '<time datetime="2019-02-22">' in html
    assert "90 died in a draft" not in html  # a draft member stays with the editors
    assert "<html" in html and 'aria-current="page">Contradictions' in html


def test_editors_see_draft_members_and_the_way_to_decide(editor_client, contradictions):
    html = editor_client.get(contradictions["url"]).content.decode()
    assert "90 died in a draft" in html and "Decide in admin" in html


def test_a_decision_is_shown(analyst_client, contradictions):
    group = contradictions["toll"]
    group.decision, group.holds, group.note = "resolved", contradictions["tolls"][1], "The morgue's count."
    group.save()
    html = analyst_client.get(contradictions["url"]).content.decode()
    assert "Resolved" in html and "Holds: <strong>Foro Penal</strong>" in html and "The morgue&#x27;s count." in html


def test_htmx_gets_the_page_fragment_and_history_restore_the_full_page(analyst_client, contradictions):
    partial = analyst_client.get(contradictions["url"], headers=HX)
    assert "<html" not in partial.content.decode() and "Foro Penal" in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    restored = analyst_client.get(contradictions["url"], headers=RESTORE)
    assert "<html" in restored.content.decode() and "HX-Request" in restored["Vary"]


@pytest.mark.parametrize("cursor", ["yesterday", "2019-02-30.1", "2019-02-02." + "9" * 30, "\x00"])
def test_a_broken_cursor_is_a_message_not_an_error(analyst_client, contradictions, cursor):
    response = analyst_client.get(contradictions["url"], {"cursor": cursor})
    assert response.status_code == 200 and "Newest contradictions" in response.content.decode()


def test_pages_follow_on_in_a_fixed_number_of_queries(analyst_client, crisis, django_assert_num_queries):
    for n in range(30):
        event = factories.EventFactory(crisis=crisis, date_start=dt.date(2019, 1, 1) + dt.timedelta(days=n))
        day = event.date_start
        find_contradictions([toll(crisis, event, f"{n} died", n, day=day), toll(crisis, event, "99 died", 99, day=day)])
    url = reverse("events:crisis-contradictions", kwargs={"slug": crisis.slug})
    # session, user, crisis, two permission checks (drafts? edit links?), groups, members with claims and
    # claimants, their evidence with sources
    with django_assert_num_queries(8):
        first = analyst_client.get(url)
    assert len(first.context["groups"]) == 25 and first.context["more_query"]
    with django_assert_num_queries(8):
        rest = analyst_client.get(f"{url}?{first.context['more_query']}", headers=HX)
    assert len(rest.context["groups"]) == 5
    shown = {g.pk for g in first.context["groups"]} | {g.pk for g in rest.context["groups"]}
    assert shown == set(ContradictionGroup.objects.values_list("pk", flat=True))


def test_a_group_left_with_one_claim_is_shown_to_nobody(client, editor, contradictions):
    contradictions["tolls"][1].delete()
    contradictions["tolls"][2].delete()  # the draft: even editors now have one claim left
    client.force_login(editor)
    response = client.get(contradictions["url"])
    assert [g.pk for g in response.context["groups"]] == [contradictions["stance"].pk]

"""Event, actor and source pages, and the event panel that expands in place on the timeline."""

import datetime as dt
import html as html_module
import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import ActorAlias, Event, Precision, ReviewStatus, Verification
from tests import factories

HX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
ARTICLE = (
    'Air force general Yanez Rodriguez said he backs Guaidó. <script>alert("x")</script> '
    '<div hx-get="/admin/">click</div> He claimed 90 percent of the armed forces have lost faith in Maduro.'
)


@pytest.fixture
def story(crisis):
    """Yanez defects and claims the army has lost faith; Reuters reports it. A draft event and a draft claim
    rest on the same article."""
    yanez = factories.ActorFactory(name="Yanez Rodriguez", country="Venezuela")
    ActorAlias.objects.create(actor=yanez, alias="General Yanez")
    maduro = factories.ActorFactory(name="Nicolás Maduro")
    source = factories.SourceFactory(outlet="Reuters", title="General defects", text=ARTICLE)
    event = factories.EventFactory(
        crisis=crisis,
        headline="Air force general defects",
        type="defection",
        summary="The first high-profile defection.",
        date_start=dt.date(2019, 2, 2),
        date_text="Saturday morning",
    )
    factories.EventActorFactory(event=event, actor=yanez, role="initiator")
    factories.EventActorFactory(event=event, actor=maduro, role="target")
    evidence = factories.evidence_for(source, "Air force general Yanez Rodriguez said he backs Guaidó", event=event)
    claim = factories.ClaimFactory(
        crisis=crisis,
        event=event,
        claimant=yanez,
        made_on=dt.date(2019, 2, 2),
        statement="90 percent of the armed forces have lost faith in Maduro",
        verification=Verification.DISPUTED,
    )
    claim.about.add(maduro)
    claim_evidence = factories.evidence_for(source, "90 percent of the armed forces have lost faith", claim=claim)
    draft = factories.EventFactory(
        crisis=crisis,
        headline="Unreviewed sighting",
        status=ReviewStatus.DRAFT,
        precision=Precision.MONTH,
        date_start=dt.date(2019, 2, 1),
        date_end=dt.date(2019, 2, 28),
    )
    factories.EventActorFactory(event=draft, actor=yanez)
    draft_evidence = factories.evidence_for(source, '<div hx-get="/admin/">click</div>', event=draft)
    draft_claim = factories.ClaimFactory(
        crisis=crisis, event=event, claimant=yanez, statement="Secret draft claim", status=ReviewStatus.DRAFT
    )
    return {
        "yanez": yanez,
        "maduro": maduro,
        "source": source,
        "event": event,
        "evidence": evidence,
        "claim": claim,
        "claim_evidence": claim_evidence,
        "draft": draft,
        "draft_evidence": draft_evidence,
        "draft_claim": draft_claim,
    }


# Event ------------------------------------------------------------------------------------------------------


def test_event_page_shows_evidence_outlet_and_claims(analyst_client, story):
    response = analyst_client.get(story["event"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "HX-Request" in response["Vary"]
    assert "<h1>Air force general defects</h1>" in html
    assert "Reuters" in html and f"/sources/{story['source'].pk}/#ev-{story['evidence'].pk}" in html
    assert "90 percent of the armed forces have lost faith in Maduro" in html and "Disputed" in html
    assert "written “Saturday morning”" in html
    assert "Secret draft claim" not in html
    assert "Edit in admin" not in html


def test_event_panel_expands_in_place_for_htmx(analyst_client, story):
    response = analyst_client.get(story["event"].get_absolute_url(), headers=HX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div class="panel">')
    assert "Air force general Yanez Rodriguez said he backs Guaidó" in html and "Reuters" in html
    assert f"/actors/{story['yanez'].pk}/" in html
    brief = reverse("events:event-brief", kwargs={"pk": story["event"].pk})
    assert f'id="toggle-{story["event"].pk}" href="{brief}" hx-get="{brief}"' in html
    assert 'aria-expanded="true"' in html and 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_event_history_restore_gets_the_page(analyst_client, story):
    assert "<html" in analyst_client.get(story["event"].get_absolute_url(), headers=RESTORE).content.decode()


def test_event_brief_folds_the_panel_back(analyst_client, story):
    url = reverse("events:event-brief", kwargs={"pk": story["event"].pk})
    html = analyst_client.get(url, headers=HX).content.decode()
    assert 'aria-expanded="false"' in html and "Reuters" not in html
    response = analyst_client.get(url)
    assert response.status_code == 302 and response["Location"] == story["event"].get_absolute_url()


def test_editor_sees_draft_event_draft_claims_and_edit_links(editor_client, story):
    html = editor_client.get(story["event"].get_absolute_url(), headers=HX).content.decode()
    assert "Secret draft claim" in html
    assert reverse("admin:events_event_change", args=[story["event"].pk]) in html
    assert editor_client.get(story["draft"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["analyst", "anonymous_public"])
def test_drafts_are_404_on_detail_pages_and_partials(client, analyst, story, settings, who):
    if who == "analyst":
        client.force_login(analyst)
    else:
        settings.PUBLIC_TIMELINE = True
    for url in (story["draft"].get_absolute_url(), reverse("events:event-brief", kwargs={"pk": story["draft"].pk})):
        for headers in ({}, HX, RESTORE):
            assert client.get(url, headers=headers).status_code == 404


def test_event_pages_need_a_login_unless_public(client, story, settings):
    assert client.get(story["event"].get_absolute_url(), headers=HX).status_code == 302
    settings.PUBLIC_TIMELINE = True
    assert client.get(story["event"].get_absolute_url(), headers=HX).status_code == 200


def test_event_panel_query_count_is_fixed(analyst_client, story, django_assert_num_queries):
    # Session, user, permissions (2), event + crisis, actors, evidence, claims, claims' evidence.
    with django_assert_num_queries(9):
        analyst_client.get(story["event"].get_absolute_url(), headers=HX)


# Actor ------------------------------------------------------------------------------------------------------


def test_actor_page_lists_events_claims_aliases_and_timelines(analyst_client, story, crisis):
    response = analyst_client.get(story["yanez"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "General Yanez" in html
    assert [e.headline for e in response.context["entries"]] == ["Air force general defects"]
    assert "90 percent of the armed forces have lost faith in Maduro" in html and "Reuters" in html
    assert "Secret draft claim" not in html and "Unreviewed sighting" not in html
    assert f"{crisis.get_absolute_url()}?actor={story['yanez'].pk}" in html
    assert "chip role-initiator is-current" in html


def test_actor_page_for_editors_includes_drafts(editor_client, story):
    response = editor_client.get(story["yanez"].get_absolute_url())
    assert [e.headline for e in response.context["entries"]] == ["Air force general defects", "Unreviewed sighting"]
    assert "Secret draft claim" in response.content.decode()


def test_actor_page_pages_by_keyset_and_counts_queries(analyst_client, story, crisis, django_assert_num_queries):
    for i in range(55):
        event = factories.EventFactory(crisis=crisis, date_start=dt.date(2018, 1, 1) + dt.timedelta(days=i))
        factories.EventActorFactory(event=event, actor=story["yanez"])
    url = story["yanez"].get_absolute_url()
    # Session, user, permissions (2), actor, aliases, page + 3 prefetches, claims + their evidence, crises.
    with django_assert_num_queries(13):
        first = analyst_client.get(url)
    more = first.context["more_query"]
    second = analyst_client.get(f"{url}?{more}", headers=HX)
    assert "<html" not in second.content.decode()
    assert len(first.context["entries"]) + len(second.context["entries"]) == 56
    assert analyst_client.get(url, {"cursor": "nope"}).context["broken_cursor"]


def test_unknown_actor_is_404(analyst_client, db):
    assert analyst_client.get(reverse("events:actor-detail", kwargs={"pk": 999})).status_code == 404


# Source -----------------------------------------------------------------------------------------------------


def test_source_text_is_escaped_highlighted_and_linked(analyst_client, story):
    response = analyst_client.get(story["source"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<div hx-get="/admin/">' not in html
    text = html[html.index('<div class="source-text"') :]
    assert text.startswith('<div class="source-text" lang="en" hx-disable>')
    event_link = f'<a class="span" href="{story["event"].get_absolute_url()}"'
    assert f'<span class="anchor" id="ev-{story["evidence"].pk}"></span>{event_link}' in text
    assert f'id="ev-{story["claim_evidence"].pk}"' in text
    # The draft event's evidence is plain text for an analyst.
    assert f'id="ev-{story["draft_evidence"].pk}"' not in html


def test_source_highlighting_handles_overlapping_spans(analyst_client, story):
    overlapping = factories.evidence_for(
        story["source"], "Yanez Rodriguez said he backs Guaidó. <script>", event=story["event"]
    )
    html = analyst_client.get(story["source"].get_absolute_url()).content.decode()
    assert f'id="ev-{overlapping.pk}"' in html and 'class="span overlap"' in html
    text = html[html.index('<div class="source-text"') :]
    text = text[: text.index("</div>\n")]
    # Every character of the article is still there, once and in order.
    assert html_module.unescape(re.sub(r"<[^>]*>", "", text)) == ARTICLE


def test_source_text_keeps_every_character(analyst_client, story):
    response = analyst_client.get(story["source"].get_absolute_url())
    assert "".join(piece["text"] for piece in response.context["pieces"]) == ARTICLE


def test_editor_sees_draft_evidence_on_sources(editor_client, story):
    html = editor_client.get(story["source"].get_absolute_url()).content.decode()
    assert f'id="ev-{story["draft_evidence"].pk}"' in html


def test_readers_see_only_sources_something_published_rests_on(client, analyst, editor, story, settings):
    settings.PUBLIC_TIMELINE = True
    assert client.get(story["source"].get_absolute_url()).status_code == 200
    only_draft = factories.SourceFactory(text="Only a draft rests on this.")
    factories.evidence_for(only_draft, "Only a draft", event=story["draft"])
    assert client.get(only_draft.get_absolute_url()).status_code == 404
    # A source only drafts rest on is part of those drafts: Ana doesn't read it (README, security), Erin does.
    analyst_client = Client()
    analyst_client.force_login(analyst)
    assert analyst_client.get(only_draft.get_absolute_url()).status_code == 404
    analyst_client.force_login(editor)
    assert analyst_client.get(only_draft.get_absolute_url()).status_code == 200


# Event as known on a day ----------------------------------------------------------------------------------


@pytest.fixture
def reported(crisis):
    """A rally on 2 Feb told that day by El Diario and on the 5th by Reuters, with a toll claimed on the 2nd and
    a denial on the 5th; an arrest on 1 Feb first reported on the 10th."""
    day = dt.date(2019, 2, 2)
    rally = factories.EventFactory(crisis=crisis, headline="Rally in Caracas", date_start=day)
    early = factories.SourceFactory(outlet="El Diario", published_on=day, text="A rally filled the avenue. 3 hurt.")
    later = factories.SourceFactory(outlet="Reuters", published_on=dt.date(2019, 2, 5), text="Nobody was hurt.")
    factories.evidence_for(early, "A rally filled the avenue", event=rally)
    factories.evidence_for(later, "Nobody was hurt", event=rally)
    toll = factories.ClaimFactory(crisis=crisis, event=rally, statement="3 hurt", made_on=day)
    factories.evidence_for(early, "3 hurt", claim=toll)
    denial = factories.ClaimFactory(crisis=crisis, event=rally, statement="Nobody was hurt", made_on=day)
    factories.evidence_for(later, "Nobody was hurt", claim=denial)  # made on the 2nd, published on the 5th
    arrest = factories.EventFactory(crisis=crisis, headline="Activist detained", date_start=dt.date(2019, 2, 1))
    news = factories.SourceFactory(outlet="AP", published_on=dt.date(2019, 2, 10), text="An activist was held.")
    factories.evidence_for(news, "An activist was held", event=arrest)
    return {"rally": rally, "arrest": arrest, "timeline": reverse("events:crisis-timeline", args=[crisis.slug])}


def test_event_as_known_on_shows_only_what_was_published_by_then(analyst_client, reported):
    rally = reported["rally"]
    response = analyst_client.get(rally.get_absolute_url(), {"known_on": "2019-02-03"})
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Rally in Caracas</h1>" in html
    assert "A rally filled the avenue" in html and "El Diario" in html
    assert "Reuters" not in html and "Nobody was hurt" not in html  # a later source, and a claim only it told
    assert "3 hurt" in html and "1 independent source" in html
    assert "As known on <time" in html and f'<a href="{rally.get_absolute_url()}">Today’s version</a>' in html
    assert f'href="{rally.get_absolute_url()}?known_on=2019-02-03">Permalink' in html
    today = analyst_client.get(rally.get_absolute_url()).content.decode()
    assert "Reuters" in today and "Nobody was hurt" in today and "As known on" not in today


def test_an_entry_not_yet_reported_that_day_says_so(analyst_client, reported):
    arrest = reported["arrest"]
    response = analyst_client.get(arrest.get_absolute_url(), {"known_on": "2019-02-03"})
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Not yet reported on 3 Feb 2019</h1>" in html
    assert "first source came out on" in html and "10 Feb 2019" in html
    assert "An activist was held" not in html and "AP" not in html
    assert f'href="{arrest.get_absolute_url()}">The entry as known today' in html
    assert f'href="{reported["timeline"]}?known_on=2019-02-03"' in html
    panel = analyst_client.get(arrest.get_absolute_url(), {"known_on": "2019-02-03"}, headers=HX).content.decode()
    assert "<html" not in panel and "Not yet reported" not in panel and "first source came out" in panel
    assert 'aria-expanded="true"' in panel
    on_the_day = analyst_client.get(arrest.get_absolute_url(), {"known_on": "2019-02-10"})
    assert "An activist was held" in on_the_day.content.decode()


def test_the_detail_page_and_the_timeline_agree_on_what_was_known(analyst_client, reported, crisis):
    # An entry with no dated source counts from the day it was entered, on both.
    undated = factories.EventFactory(crisis=crisis, headline="Undated rumour", date_start=dt.date(2019, 1, 30))
    for day in ("2019-02-01", "2019-02-03", "2019-02-10", dt.date.today().isoformat()):
        listed = {e.pk for e in analyst_client.get(reported["timeline"], {"known_on": day}).context["entries"]}
        for event in (reported["rally"], reported["arrest"], undated):
            page = analyst_client.get(event.get_absolute_url(), {"known_on": day}).content.decode()
            assert ("Not yet reported" not in page) == (event.pk in listed), (day, event.headline)


def test_the_entry_reads_as_it_stood_then_with_a_link_to_today(analyst_client, reported):
    rally = reported["rally"]
    Event.history.filter(id=rally.pk).update(history_date=dt.datetime(2019, 2, 2, 12, tzinfo=dt.UTC))
    rally.headline, rally.summary = "Rally of tens of thousands in Caracas", "Corrected after the count."
    rally._history_date = dt.datetime(2019, 2, 6, 9, tzinfo=dt.UTC)
    rally.save()
    then = analyst_client.get(rally.get_absolute_url(), {"known_on": "2019-02-03"}).content.decode()
    assert "<h1>Rally in Caracas</h1>" in then and "Corrected after the count" not in then
    assert "corrected since: today it reads “Rally of tens of thousands in Caracas”" in then
    later = analyst_client.get(rally.get_absolute_url(), {"known_on": "2019-02-07"}).content.decode()
    assert "<h1>Rally of tens of thousands in Caracas</h1>" in later and "corrected since" not in later


@pytest.mark.parametrize("value", ["yesterday", "2019-02-30", "9999-99-99", "0001-01-01", "2019-02-03\x00", "x" * 500])
def test_a_malformed_known_on_day_is_a_message_over_today_s_entry(analyst_client, reported, value):
    for headers in ({}, HX):
        response = analyst_client.get(reported["arrest"].get_absolute_url(), {"known_on": value}, headers=headers)
        html = response.content.decode()
        assert response.status_code == 200 and "As known on:" in html and "as it stands today" in html
        assert "An activist was held" in html


def test_links_from_an_as_known_on_timeline_carry_the_day(analyst_client, reported):
    rally = reported["rally"]
    html = analyst_client.get(reported["timeline"], {"known_on": "2019-02-03"}).content.decode()
    assert f'href="{rally.get_absolute_url()}?known_on=2019-02-03"' in html
    assert f'href="{rally.get_absolute_url()}"' not in html
    panel = analyst_client.get(rally.get_absolute_url(), {"known_on": "2019-02-03"}, headers=HX).content.decode()
    brief = reverse("events:event-brief", kwargs={"pk": rally.pk})
    assert f'href="{brief}?known_on=2019-02-03"' in panel and "Nobody was hurt" not in panel
    folded = analyst_client.get(brief, {"known_on": "2019-02-03"}, headers=HX).content.decode()
    assert f'href="{rally.get_absolute_url()}?known_on=2019-02-03"' in folded
    plain = analyst_client.get(reported["timeline"]).content.decode()
    assert f'href="{rally.get_absolute_url()}"' in plain


def test_event_panel_as_known_on_costs_one_query_more(analyst_client, reported, django_assert_num_queries):
    # The panel's nine, and the entry's history (what it said that day).
    with django_assert_num_queries(10):
        analyst_client.get(reported["rally"].get_absolute_url(), {"known_on": "2019-02-03"}, headers=HX)

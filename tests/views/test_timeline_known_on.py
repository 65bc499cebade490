"""The timeline as known on a day, late reports, what an entry said then, and the contradiction badge and filter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.contradictions import find_contradictions
from events.models import Event, ReviewStatus
from tests import factories

HX = {"HX-Request": "true"}


@pytest.fixture
def late(crisis, editor):
    """A rally on 2 Feb reported that day by one outlet and on the 5th by another; an arrest on 1 Feb first
    reported on the 10th; a toll two outlets disagree on."""
    day = dt.date(2019, 2, 2)
    rally = factories.EventFactory(crisis=crisis, headline="Rally in Caracas", date_start=day)
    early = factories.SourceFactory(outlet="El Diario", published_on=day, text="A rally filled the avenue.")
    later = factories.SourceFactory(outlet="Reuters", published_on=dt.date(2019, 2, 5), text="The rally was large.")
    factories.evidence_for(early, "A rally filled the avenue", event=rally)
    factories.evidence_for(later, "The rally was large", event=rally)
    arrest = factories.EventFactory(crisis=crisis, headline="Activist detained", date_start=dt.date(2019, 2, 1))
    news = factories.SourceFactory(outlet="AP", published_on=dt.date(2019, 2, 10), text="An activist was detained.")
    factories.evidence_for(news, "An activist was detained", event=arrest)
    tolls = [
        factories.ClaimFactory(crisis=crisis, event=rally, statement=f"{n} hurt", figure_measure="injured",
                               figure_low=n, figure_high=n, made_on=day)
        for n in (3, 30)
    ]  # fmt: skip
    find_contradictions(tolls)
    factories.ClaimFactory(crisis=crisis, event=rally, statement="Nobody was hurt", made_on=dt.date(2019, 2, 5))
    return {"url": reverse("events:crisis-timeline", kwargs={"slug": crisis.slug}), "rally": rally, "arrest": arrest}


def headlines(response) -> list[str]:
    return [e.headline for e in response.context["entries"]]


def test_a_late_report_says_how_late(analyst_client, late):
    html = analyst_client.get(late["url"]).content.decode()
    entry = html[html.index(f'id="event-{late["arrest"].pk}"') :]
    assert "reported 9 days after" in entry[: entry.index("</article>")]
    rally = html[html.index(f'id="event-{late["rally"].pk}"') :]
    assert "reported" not in rally[: rally.index("</article>")].replace("Reported by", "")


def test_as_known_on_hides_later_entries_and_counts_earlier_sources(analyst_client, late):
    response = analyst_client.get(late["url"], {"known_on": "2019-02-03"})
    assert headlines(response) == ["Rally in Caracas"]
    (rally,) = response.context["entries"]
    assert rally.outlets == ["El Diario"] and rally.sources_label == "1 independent source"
    assert rally.claims_label == "2 claims"  # the denial made on the 5th was not known yet
    assert "As known on 3 Feb 2019" in response.content.decode()
    everything = analyst_client.get(late["url"])
    assert set(headlines(everything)) == {"Rally in Caracas", "Activist detained"}
    assert next(e for e in everything.context["entries"] if e.pk == late["rally"].pk).outlets == [
        "El Diario",
        "Reuters",
    ]


def test_as_known_on_is_in_the_url_and_the_events_csv(analyst_client, late):
    response = analyst_client.get(late["url"], {"known_on": "2019-02-03"}, headers=HX)
    assert response["HX-Push-Url"] == f"{late['url']}?known_on=2019-02-03"
    csv_url = reverse("events:crisis-events-csv", kwargs={"slug": late["rally"].crisis.slug})
    body = b"".join(analyst_client.get(csv_url, {"known_on": "2019-02-03"}).streaming_content).decode()
    assert "Rally in Caracas" in body and "Activist detained" not in body


@pytest.mark.parametrize("value", ["yesterday", "2019-02-30", "9999-99-99", "0001-01-01", "2019-02-03\x00", "x" * 500])
def test_a_malformed_known_on_date_is_a_message(analyst_client, late, value):
    response = analyst_client.get(late["url"], {"known_on": value})
    assert response.status_code == 200
    assert "As known on:" in response.content.decode()
    assert len(headlines(response)) == 2  # the bad filter is ignored, not half-applied


def test_what_an_entry_said_then_and_says_now(analyst_client, late, editor):
    rally = late["rally"]
    Event.history.filter(id=rally.pk).update(history_date=dt.datetime(2019, 2, 2, 12, tzinfo=dt.UTC))
    rally.headline = "Rally of tens of thousands in Caracas"
    rally._history_date = dt.datetime(2019, 2, 6, 9, tzinfo=dt.UTC)
    rally.save()
    html = analyst_client.get(late["url"], {"known_on": "2019-02-03"}).content.decode()
    assert "Rally of tens of thousands in Caracas" in html and "then: “Rally in Caracas” (2 Feb 2019)" in html
    later = analyst_client.get(late["url"], {"known_on": "2019-02-07"}).content.decode()
    assert "then: " not in later


def test_contradiction_badge_and_filter(analyst_client, late):
    html = analyst_client.get(late["url"]).content.decode()
    rally = html[html.index(f'id="event-{late["rally"].pk}"') :]
    assert "badge-contradiction" in rally[: rally.index("</article>")]
    response = analyst_client.get(late["url"], {"contradicted": "on"})
    assert headlines(response) == ["Rally in Caracas"]
    assert "With a contradiction" in response.content.decode()


def test_a_dismissed_or_draft_contradiction_is_no_badge(analyst_client, late):
    group = late["rally"].contradictions.get()
    group.decision = "not_contradiction"
    group.save()
    assert headlines(analyst_client.get(late["url"], {"contradicted": "on"})) == []
    group.decision = "open"
    group.save()
    group.claims.filter(statement="30 hurt").update(status=ReviewStatus.DRAFT)
    assert headlines(analyst_client.get(late["url"], {"contradicted": "on"})) == []


def test_as_known_on_costs_one_query_more_whatever_the_entries(analyst_client, late, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url, day = late["url"], {"known_on": "2019-02-20"}

    def count(params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert analyst_client.get(url, params).status_code == 200
        return len(queries)

    plain, known = count({}), count(day)
    for n in range(12):
        event = factories.EventFactory(crisis=late["rally"].crisis, date_start=dt.date(2019, 1, 1) + dt.timedelta(n))
        event.headline = f"Corrected {n}"
        event.save()
    assert known == plain + 1 == count(day) == count({}) + 1


def test_the_badge_and_the_filter_count_the_contradictions_filed_under_the_entry_s_crisis(analyst_client, late):
    # Two tolls of another crisis tied to the arrest: that crisis's contradiction, on its tab, not this one's.
    other = factories.CrisisFactory()
    tolls = [
        factories.ClaimFactory(crisis=other, event=late["arrest"], statement=f"{n} held", figure_measure="arrested",
                               figure_low=n, figure_high=n, made_on=dt.date(2019, 2, 10))
        for n in (1, 12)
    ]  # fmt: skip
    (group,) = find_contradictions(tolls)
    assert group.crisis == other and group.event == late["arrest"]
    assert headlines(analyst_client.get(late["url"], {"contradicted": "on"})) == ["Rally in Caracas"]
    html = analyst_client.get(late["url"]).content.decode()
    arrest = html[html.index(f'id="event-{late["arrest"].pk}"') :]
    assert "badge-contradiction" not in arrest[: arrest.index("</article>")]

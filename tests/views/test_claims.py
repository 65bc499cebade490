"""The claims of a crisis: filters by claimant, status and speech act; drafts hidden from analysts."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from events.models import ReviewStatus, SpeechAct, Verification
from tests import factories

HX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.fixture
def claims(crisis):
    yanez = factories.ActorFactory(name="Yanez Rodriguez")
    maduro = factories.ActorFactory(name="Nicolás Maduro")
    draft_event = factories.EventFactory(crisis=crisis, headline="Unreviewed sighting", status=ReviewStatus.DRAFT)
    made = {
        "army": factories.ClaimFactory(
            crisis=crisis,
            claimant=yanez,
            statement="The army has lost faith",
            made_on=dt.date(2019, 2, 2),
            verification=Verification.DISPUTED,
            event=draft_event,
        ),
        "fair": factories.ClaimFactory(
            crisis=crisis,
            claimant=maduro,
            statement="The vote was fair",
            made_on=dt.date(2019, 1, 20),
            speech_act=SpeechAct.DENIED,
        ),
        "poll": factories.ClaimFactory(
            crisis=crisis,
            claimant_text="a new poll",
            statement="82 percent want change",
            speech_act=SpeechAct.POLL_FINDING,
            verification=Verification.CORROBORATED,
        ),
        "draft": factories.ClaimFactory(
            crisis=crisis, claimant=yanez, statement="Secret draft claim", status=ReviewStatus.DRAFT
        ),
        "elsewhere": factories.ClaimFactory(claimant=yanez, statement="Said in another crisis"),
    }
    return {
        "yanez": yanez,
        "maduro": maduro,
        "url": reverse("events:crisis-claims", kwargs={"slug": crisis.slug}),
        **made,
    }


def statements(response) -> list[str]:
    return [c.statement for c in response.context["claims"]]


def test_claims_page_three_ways(analyst_client, claims):
    page = analyst_client.get(claims["url"])
    assert "<html" in page.content.decode() and "HX-Request" in page["Vary"]
    # Newest first, undated last; no drafts, nothing from another crisis.
    assert statements(page) == ["The army has lost faith", "The vote was fair", "82 percent want change"]
    partial = analyst_client.get(claims["url"], {"speech_act": "denied"}, headers=HX)
    assert partial.content.decode().lstrip().startswith('<div id="claims-body"')
    assert partial["HX-Push-Url"] == f"{claims['url']}?speech_act=denied"
    assert "<html" in analyst_client.get(claims["url"], headers=RESTORE).content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"claimant": "yanez"}, ["The army has lost faith"]),
        ({"verification": "corroborated"}, ["82 percent want change"]),
        ({"speech_act": "denied"}, ["The vote was fair"]),
        ({"claimant": "maduro", "speech_act": "denied"}, ["The vote was fair"]),
        ({"claimant": "maduro", "verification": "disputed"}, []),
    ],
)
def test_claim_filters(analyst_client, claims, params, expected):
    params = {k: (claims[v].pk if k == "claimant" else v) for k, v in params.items()}
    assert statements(analyst_client.get(claims["url"], params)) == expected


def test_claim_filter_counts(analyst_client, claims):
    facets = analyst_client.get(claims["url"], {"speech_act": "stated"}).context["facets"]
    assert [(c["label"], c["count"]) for c in facets["claimants"]] == [("Yanez Rodriguez", 1)]
    assert {a["value"]: a["count"] for a in facets["acts"]}["denied"] == 1


def test_claim_on_a_draft_event_does_not_link_it_for_analysts(analyst_client, editor, claims):
    html = analyst_client.get(claims["url"]).content.decode()
    assert "Unreviewed sighting" not in html
    analyst_client.force_login(editor)
    html = analyst_client.get(claims["url"]).content.decode()
    assert "Unreviewed sighting" in html and "Secret draft claim" in html


@pytest.mark.parametrize(
    "params",
    [
        {"claimant": "abc"},
        {"verification": "\x00"},
        {"cursor": "x" * 10_000},
        {"claimant": "99999"},
        {"cursor": "undated.abc"},
    ],
)
def test_bad_claim_params_are_form_errors(analyst_client, claims, params):
    for headers in ({}, HX):
        response = analyst_client.get(claims["url"], params, headers=headers)
        assert response.status_code == 200 and response.context["form"].errors


def test_claims_page_by_keyset_across_undated_claims(analyst_client, crisis, django_assert_num_queries):
    for i in range(30):
        factories.ClaimFactory(crisis=crisis, made_on=dt.date(2019, 1, 1) + dt.timedelta(days=i))
        factories.ClaimFactory(crisis=crisis, made_on=None)
    url = reverse("events:crisis-claims", kwargs={"slug": crisis.slug})
    # Session, user, permissions (2), crisis, page, about, evidence, three filter counts, total.
    with django_assert_num_queries(12):
        first = analyst_client.get(url)
    second = analyst_client.get(f"{url}?{first.context['more_query']}", headers=HX)
    assert first.context["more_query"].startswith("cursor=undated.")
    seen = [c.pk for c in first.context["claims"]] + [c.pk for c in second.context["claims"]]
    assert len(seen) == len(set(seen)) == 60
    assert second.context["more_query"] is None


# As known on a day --------------------------------------------------------------------------------------------


@pytest.fixture
def dated(crisis):
    """A toll told by El Diario on 2 Feb and again by Reuters on the 5th; a denial made on the 2nd that only
    Reuters reported, on the 5th; an undated statement with no source, entered today."""
    early = factories.SourceFactory(outlet="El Diario", published_on=dt.date(2019, 2, 2), text="Three were hurt.")
    later = factories.SourceFactory(outlet="Reuters", published_on=dt.date(2019, 2, 5), text="Three were hurt. No.")
    rally = factories.EventFactory(crisis=crisis, headline="Rally", date_start=dt.date(2019, 2, 2))
    factories.evidence_for(early, "Three were hurt", event=rally)
    toll = factories.ClaimFactory(crisis=crisis, event=rally, statement="Three were hurt", made_on=dt.date(2019, 2, 2))
    factories.evidence_for(later, "Three were hurt", claim=toll)
    factories.evidence_for(early, "Three were hurt", claim=toll)
    denial = factories.ClaimFactory(crisis=crisis, statement="Nobody was hurt", made_on=dt.date(2019, 2, 2),
                                    speech_act=SpeechAct.DENIED)  # fmt: skip
    factories.evidence_for(later, "No", claim=denial)
    factories.ClaimFactory(crisis=crisis, statement="Undated statement")
    return {"url": reverse("events:crisis-claims", kwargs={"slug": crisis.slug}), "rally": rally, "toll": toll,
            "csv": reverse("events:crisis-claims-csv", kwargs={"slug": crisis.slug})}  # fmt: skip


def test_claims_as_known_on_a_day(analyst_client, dated, django_assert_num_queries):
    # Session, user, permissions (2), crisis, page, about, evidence, three filter counts, total: as without.
    with django_assert_num_queries(12):
        response = analyst_client.get(dated["url"], {"known_on": "2019-02-03"})
    assert statements(response) == ["Three were hurt"]
    html = response.content.decode()
    assert "as known on 3 Feb 2019" in html and 'value="2019-02-03"' in html
    toll = html[html.index(f'id="claim-{dated["toll"].pk}"') :]
    toll = toll[: toll.index("</li>")]
    assert "El Diario" in toll and "Reuters" not in toll  # its evidence as published by then
    assert f'href="{dated["rally"].get_absolute_url()}?known_on=2019-02-03"' in toll
    assert {a["value"]: a["count"] for a in response.context["facets"]["acts"]}["denied"] == 0
    later = analyst_client.get(dated["url"], {"known_on": "2019-02-05", "speech_act": "denied"})
    assert statements(later) == ["Nobody was hurt"]
    assert len(statements(analyst_client.get(dated["url"]))) == 3


def test_claims_as_known_on_is_in_the_url_and_the_downloads(analyst_client, dated):
    partial = analyst_client.get(dated["url"], {"known_on": "2019-02-03"}, headers=HX)
    assert partial["HX-Push-Url"] == f"{dated['url']}?known_on=2019-02-03"
    links = {link["kind"]: link["url"] for link in partial.context["export_links"]}
    assert links["claims-csv"] == f"{dated['csv']}?known_on=2019-02-03"
    body = b"".join(analyst_client.get(links["claims-csv"]).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(r["statement"], r["source_outlet"]) for r in rows] == [("Three were hurt", "El Diario")]
    today = b"".join(analyst_client.get(dated["csv"]).streaming_content).decode()
    assert {r["statement"] for r in csv.DictReader(io.StringIO(today))} == {
        "Three were hurt", "Nobody was hurt", "Undated statement"
    }  # fmt: skip
    xlsx = reverse("events:crisis-claims-xlsx", kwargs={"slug": dated["rally"].crisis.slug})
    assert analyst_client.get(xlsx, {"known_on": "2019-02-03"}).status_code == 200


@pytest.mark.parametrize("value", ["yesterday", "2019-02-30", "9999-99-99", "0001-01-01", "2019-02-03\x00", "x" * 500])
def test_a_malformed_known_on_day_on_the_claims_page_is_a_form_error(analyst_client, dated, value):
    for headers in ({}, HX):
        response = analyst_client.get(dated["url"], {"known_on": value}, headers=headers)
        assert response.status_code == 200 and "As known on:" in response.content.decode()
        assert len(statements(response)) == 3  # ignored, not half-applied
    download = analyst_client.get(dated["csv"], {"known_on": value})
    assert download.status_code == 400 and "known_on:" in download.content.decode()

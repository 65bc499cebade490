"""The claims of a crisis: filters by claimant, status and speech act; drafts hidden from analysts."""

import datetime as dt

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
